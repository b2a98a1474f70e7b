package io.headwater.manifest.dash;

import static io.headwater.manifest.dash.DashFixtures.AUDIO;
import static io.headwater.manifest.dash.DashFixtures.AV;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START_90K;
import static io.headwater.manifest.dash.DashFixtures.OPTIONS;
import static io.headwater.manifest.dash.DashFixtures.VIDEO;
import static io.headwater.manifest.dash.DashFixtures.audioStart;
import static io.headwater.manifest.dash.DashFixtures.segments;
import static io.headwater.manifest.dash.DashFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MpdBuilderTest {
  private static final String VIDEO_SET =
      "/d:MPD/d:Period[%d]/d:AdaptationSet[@contentType='video']";
  private static final String AUDIO_SET =
      "/d:MPD/d:Period[%d]/d:AdaptationSet[@contentType='audio']";

  private final MpdBuilder builder = new MpdBuilder();
  private final MpdWriter writer = new MpdWriter();

  private MpdXml write(DashInput input) {
    return MpdXml.parse(writer.write(builder.build(input)));
  }

  private static DashInput input(TimelineSnapshot snapshot, Map<Integer, Long> bitrates) {
    return new DashInput(snapshot, AVAILABILITY_START, AVAILABILITY_START_90K, seq -> AV,
        bitrates, OPTIONS);
  }

  @Test
  void dynamicMpdCarriesTheLiveAttributesAndClock() {
    TimelineSnapshot snapshot = snapshot(segments(0, 3), false);
    MpdXml mpd = write(input(snapshot, Map.of()));

    assertThat(mpd.string("/d:MPD/@type")).isEqualTo("dynamic");
    assertThat(mpd.string("/d:MPD/@profiles")).isEqualTo("urn:mpeg:dash:profile:isoff-live:2011");
    assertThat(mpd.string("/d:MPD/@availabilityStartTime")).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(Instant.parse(mpd.string("/d:MPD/@publishTime"))).isEqualTo(snapshot.updated());
    assertThat(mpd.string("/d:MPD/@minimumUpdatePeriod")).isEqualTo("PT2S");
    assertThat(mpd.string("/d:MPD/@minBufferTime")).isEqualTo("PT4S");
    assertThat(mpd.string("/d:MPD/@suggestedPresentationDelay")).isEqualTo("PT6S");
    assertThat(mpd.string("/d:MPD/@timeShiftBufferDepth")).isEqualTo("PT30S");
    assertThat(mpd.count("/d:MPD/@mediaPresentationDuration")).isZero();
    assertThat(mpd.string("/d:MPD/d:UTCTiming/@schemeIdUri"))
        .isEqualTo("urn:mpeg:dash:utc:http-iso:2014");
    assertThat(mpd.string("/d:MPD/d:UTCTiming/@value")).isEqualTo("/time");
  }

  @Test
  void staticMpdDropsLiveOnlyAttributesAndGivesTheDuration() {
    MpdXml mpd = write(input(snapshot(segments(0, 5), true), Map.of()));

    assertThat(mpd.string("/d:MPD/@type")).isEqualTo("static");
    // The audio runs 16 ms past the video (it is cut at the first frame after each boundary).
    assertThat(mpd.string("/d:MPD/@mediaPresentationDuration")).isEqualTo("PT10.016S");
    assertThat(mpd.string("/d:MPD/@minBufferTime")).isEqualTo("PT4S");
    for (String forbidden : List.of("minimumUpdatePeriod", "timeShiftBufferDepth",
        "suggestedPresentationDelay")) {
      assertThat(mpd.count("/d:MPD/@" + forbidden)).as(forbidden).isZero();
    }
    assertThat(mpd.count("/d:MPD/d:UTCTiming")).isZero();
    assertThat(mpd.count("/d:MPD/d:Period")).isEqualTo(1);
  }

  @Test
  void staticDurationCoversTheLongestTrackAndEveryTrackIsAnnouncedToReachIt() {
    // The publisher stopped right after a keyframe: the last segment holds that one video frame
    // (10.026 s to 10.059 s) and the audio frame that ends just before 10 s.
    List<SegmentEntry> segments = new ArrayList<>(segments(0, 5));
    SegmentEntry fifth = segments.get(4);
    long audioEnd = audioStart(5) - 1024; // 48 kHz: the audio stops a frame before the boundary
    segments.set(4, new SegmentEntry(4, fifth.start90k(), fifth.duration90k() + 2340,
        fifth.programDateTime(), false, true, 1000, List.of(
            new TrackSegment(1, fifth.start90k(), fifth.duration90k() + 2340, 90_000, 500_000),
            new TrackSegment(2, audioStart(4), audioEnd - 1024 - audioStart(4), 48_000, 30_000))));
    long loneKeyframe = fifth.start90k() + fifth.duration90k() + 2340;
    segments.add(new SegmentEntry(5, loneKeyframe, 2970, fifth.programDateTime().plusSeconds(2),
        false, true, 1000, List.of(new TrackSegment(1, loneKeyframe, 2970, 90_000, 5_000),
            new TrackSegment(2, audioEnd - 1024, 1024, 48_000, 300))));

    MpdXml mpd = write(input(snapshot(segments, true), Map.of()));

    // The video ends at 10.059 s exactly; the audio's last S is stretched to it.
    assertThat(mpd.string("/d:MPD/@mediaPresentationDuration")).isEqualTo("PT10.059S");
    String audio = String.format(AUDIO_SET, 1) + "/d:SegmentTemplate";
    long pto = Long.parseLong(mpd.string(audio + "/@presentationTimeOffset"));
    assertThat(pto).isEqualTo(480_000);
    assertThat(mpd.string(audio + "/d:SegmentTimeline/d:S[last()]/@d"))
        .isEqualTo(Long.toString(pto + 10_059 * 48 - (audioEnd - 1024)));
    String video = String.format(VIDEO_SET, 1) + "/d:SegmentTemplate/d:SegmentTimeline";
    assertThat(mpd.string(video + "/d:S[last()]/@d")).isEqualTo("2970");
  }

  @Test
  void staticDurationRoundsUpToTheMillisecond() {
    SegmentEntry only = segments(0, 1).get(0);
    // Video ends 1 tick (11 us) past 2 s: the presentation lasts 2.001 s.
    SegmentEntry longer = new SegmentEntry(0, only.start90k(), 180_001,
        only.programDateTime(), false, true, 1000, List.of(
            new TrackSegment(1, only.start90k(), 180_001, 90_000, 5_000),
            new TrackSegment(2, only.start90k() * 48_000 / 90_000, 96_000, 48_000, 300)));

    assertThat(MpdBuilder.presentationEnd(longer, only.start90k(), Duration.ofSeconds(4)))
        .isEqualTo(Duration.ofMillis(6001));
  }

  @Test
  void representationsCarryCodecsSizesAndBandwidth() {
    MpdXml mpd = write(input(snapshot(segments(0, 3), false), Map.of(1, 1_200_000L)));
    String video = String.format(VIDEO_SET, 1);
    String audio = String.format(AUDIO_SET, 1);

    assertThat(mpd.string(video + "/@mimeType")).isEqualTo("video/mp4");
    assertThat(mpd.string(video + "/@segmentAlignment")).isEqualTo("true");
    assertThat(mpd.string(video + "/@startWithSAP")).isEqualTo("1");
    assertThat(mpd.string(video + "/@maxWidth")).isEqualTo("640");
    assertThat(mpd.string(video + "/@maxHeight")).isEqualTo("360");
    assertThat(mpd.string(video + "/@frameRate")).isEqualTo("30");
    assertThat(mpd.string(video + "/d:Representation/@id")).isEqualTo("v");
    assertThat(mpd.string(video + "/d:Representation/@codecs")).isEqualTo("avc1.64001e");
    assertThat(mpd.string(video + "/d:Representation/@bandwidth")).isEqualTo("1200000");
    assertThat(mpd.string(video + "/d:Representation/@width")).isEqualTo("640");
    assertThat(mpd.string(video + "/d:Representation/@height")).isEqualTo("360");

    assertThat(mpd.string(audio + "/@mimeType")).isEqualTo("audio/mp4");
    assertThat(mpd.string(audio + "/@lang")).isEqualTo("und");
    assertThat(mpd.string(audio + "/d:AudioChannelConfiguration/@schemeIdUri"))
        .isEqualTo("urn:mpeg:dash:23003:3:audio_channel_configuration:2011");
    assertThat(mpd.string(audio + "/d:AudioChannelConfiguration/@value")).isEqualTo("2");
    assertThat(mpd.string(audio + "/d:Representation/@id")).isEqualTo("a");
    assertThat(mpd.string(audio + "/d:Representation/@codecs")).isEqualTo("mp4a.40.2");
    assertThat(mpd.string(audio + "/d:Representation/@audioSamplingRate")).isEqualTo("48000");
    // Not measured yet: a positive estimate, never 0.
    assertThat(Long.parseLong(mpd.string(audio + "/d:Representation/@bandwidth")))
        .isEqualTo(192_000);
  }

  @Test
  void segmentTimelineListsEveryTfdtAndDurationExactly() {
    List<SegmentEntry> segments = segments(20, 8);
    MpdXml mpd = write(input(snapshot(segments, false), Map.of()));

    for (int trackId : new int[] {1, 2}) {
      String set = String.format(trackId == 1 ? VIDEO_SET : AUDIO_SET, 1);
      List<long[]> expanded = mpd.expandTimeline(set + "/d:SegmentTemplate/d:SegmentTimeline");
      assertThat(expanded).hasSize(segments.size());
      long listedTicks = 0;
      for (int i = 0; i < segments.size(); i++) {
        TrackSegment track = segments.get(i).track(trackId);
        assertThat(expanded.get(i)).as("track %d segment %d", trackId, i)
            .containsExactly(track.startTicks(), track.durationTicks());
        listedTicks += track.durationTicks();
      }
      assertThat(expanded.stream().mapToLong(e -> e[1]).sum()).isEqualTo(listedTicks);
      assertThat(mpd.string(set + "/d:SegmentTemplate/@startNumber")).isEqualTo("20");
    }
    // Video: one S for eight equal segments; audio frames 94, 93, 94, 94, 94, 93, 94, 94.
    assertThat(mpd.count(String.format(VIDEO_SET, 1) + "/d:SegmentTemplate/d:SegmentTimeline/d:S"))
        .isEqualTo(1);
    assertThat(mpd.count(String.format(AUDIO_SET, 1) + "/d:SegmentTemplate/d:SegmentTimeline/d:S"))
        .isEqualTo(5);
  }

  @Test
  void discontinuityStartsANewPeriodWithItsOwnInitAndOffsets() {
    MpdXml mpd = write(input(snapshot(segments(10, 6, 13), false), Map.of()));

    assertThat(mpd.count("/d:MPD/d:Period")).isEqualTo(2);
    assertThat(mpd.string("/d:MPD/d:Period[1]/@id")).isEqualTo("p10");
    assertThat(mpd.string("/d:MPD/d:Period[1]/@start")).isEqualTo("PT0S");
    assertThat(mpd.string("/d:MPD/d:Period[2]/@id")).isEqualTo("p13");
    assertThat(mpd.string("/d:MPD/d:Period[2]/@start")).isEqualTo("PT6S");

    String video2 = String.format(VIDEO_SET, 2) + "/d:SegmentTemplate";
    assertThat(mpd.string(video2 + "/@timescale")).isEqualTo("90000");
    assertThat(mpd.string(video2 + "/@startNumber")).isEqualTo("13");
    assertThat(mpd.string(video2 + "/@initialization")).isEqualTo("v/e1-init-13.mp4");
    assertThat(mpd.string(video2 + "/@media")).isEqualTo("v/e1-$Number$.m4s");
    // The Period starts at the video tfdt of segment 13: 10 s + 3 x 2 s at 90 kHz.
    assertThat(mpd.string(video2 + "/@presentationTimeOffset")).isEqualTo("1440000");
    assertThat(mpd.expandTimeline(video2 + "/d:SegmentTimeline")).hasSize(3);

    String audio2 = String.format(AUDIO_SET, 2) + "/d:SegmentTemplate";
    assertThat(mpd.string(audio2 + "/@timescale")).isEqualTo("48000");
    assertThat(mpd.string(audio2 + "/@initialization")).isEqualTo("a/e1-init-13.mp4");
    // The same instant in audio ticks (16 s x 48000), not the first audio tfdt, keeps A/V sync.
    assertThat(mpd.string(audio2 + "/@presentationTimeOffset")).isEqualTo("768000");
    long firstAudioT = mpd.expandTimeline(audio2 + "/d:SegmentTimeline").get(0)[0];
    assertThat(firstAudioT - 768_000).isBetween(0L, 1024L);

    assertThat(mpd.string(String.format(VIDEO_SET, 1) + "/d:SegmentTemplate/@initialization"))
        .isEqualTo("v/e1-init-10.mp4");
    String video1 = String.format(VIDEO_SET, 1) + "/d:SegmentTemplate";
    assertThat(mpd.string(video1 + "/@presentationTimeOffset")).isEqualTo("900000");
  }

  @Test
  void periodKeepsIdStartOffsetAndInitWhenItsFirstSegmentScrollsOut() {
    List<SegmentEntry> all = segments(10, 12, 13);
    DashPeriodStarts starts = DashPeriodStarts.empty();
    String firstMpd = null;
    for (int end = 1; end <= all.size(); end++) {
      int begin = Math.max(0, end - 5); // a five-segment live window
      TimelineSnapshot snapshot = snapshot(all.subList(begin, end), false);
      starts = starts.advance(snapshot);
      DashInput input = new DashInput(snapshot, AVAILABILITY_START, AVAILABILITY_START_90K,
          seq -> AV, Map.of(), OPTIONS, starts);
      MpdXml mpd = write(input);
      if (end == 6) {
        firstMpd = mpd.string("/d:MPD/d:Period[1]/@id");
      }
      if (end == all.size()) {
        // Window 17..21, all in the Period that began at 13, whose first segments are gone.
        assertThat(firstMpd).isEqualTo("p10");
        assertThat(mpd.count("/d:MPD/d:Period")).isEqualTo(1);
        assertThat(mpd.string("/d:MPD/d:Period[1]/@id")).isEqualTo("p13");
        assertThat(mpd.string("/d:MPD/d:Period[1]/@start")).isEqualTo("PT6S");
        String video = String.format(VIDEO_SET, 1) + "/d:SegmentTemplate";
        assertThat(mpd.string(video + "/@startNumber")).isEqualTo("17");
        assertThat(mpd.string(video + "/@initialization")).isEqualTo("v/e1-init-13.mp4");
        assertThat(mpd.string(video + "/@presentationTimeOffset")).isEqualTo("1440000");
        assertThat(starts.starts()).extracting(DashPeriodStarts.PeriodStart::sequenceNumber)
            .containsExactly(13L);
      }
    }
  }

  @Test
  void withoutHistoryTheFirstListedSegmentStartsThePeriod() {
    MpdXml mpd = write(input(snapshot(segments(10, 12, 13).subList(7, 12), false), Map.of()));

    assertThat(mpd.string("/d:MPD/d:Period[1]/@id")).isEqualTo("p17");
    assertThat(mpd.string("/d:MPD/d:Period[1]/@start")).isEqualTo("PT14S");
  }

  @Test
  void periodStartIsRoundedDownToTheMillisecond() {
    List<SegmentEntry> shifted = new ArrayList<>();
    for (SegmentEntry s : segments(0, 2, 1)) {
      // Move the second segment one 30 fps frame later: 2.0333 s after availability start.
      long shift = s.sequenceNumber() == 1 ? 3_000 : 0;
      shifted.add(new SegmentEntry(s.sequenceNumber(), s.start90k() + shift, s.duration90k(),
          s.programDateTime(), s.discontinuity(), true, 1, List.of(new TrackSegment(1,
          s.start90k() + shift, s.duration90k(), 90_000, 1))));
    }
    DashInput input = new DashInput(snapshot(shifted, false), AVAILABILITY_START,
        AVAILABILITY_START_90K, seq -> new StreamFormats(VIDEO, null), Map.of(), OPTIONS);
    MpdXml mpd = write(input);

    assertThat(mpd.string("/d:MPD/d:Period[2]/@start")).isEqualTo("PT2.033S");
    assertThat(mpd.count("/d:MPD/d:Period/d:AdaptationSet[@contentType='audio']")).isZero();
  }

  @Test
  void trackMissingFromASegmentIsNotAnnouncedInThatPeriod() {
    List<SegmentEntry> segments = new ArrayList<>(segments(0, 3));
    SegmentEntry second = segments.get(1);
    segments.set(1, new SegmentEntry(second.sequenceNumber(), second.start90k(),
        second.duration90k(), second.programDateTime(), false, true, 1,
        List.of(second.track(1))));
    MpdXml mpd = write(input(snapshot(segments, false), Map.of()));

    assertThat(mpd.count("/d:MPD/d:Period[1]/d:AdaptationSet")).isEqualTo(1);
    assertThat(mpd.string("/d:MPD/d:Period[1]/d:AdaptationSet/@contentType")).isEqualTo("video");
  }

  @Test
  void audioOnlyStream() {
    DashInput input = new DashInput(snapshot(segments(0, 2), false), AVAILABILITY_START,
        AVAILABILITY_START_90K, seq -> new StreamFormats(null, AUDIO), Map.of(2, 130_000L),
        OPTIONS);
    MpdXml mpd = write(input);

    assertThat(mpd.count("/d:MPD/d:Period/d:AdaptationSet")).isEqualTo(1);
    assertThat(mpd.string("/d:MPD/d:Period/d:AdaptationSet/d:Representation/@bandwidth"))
        .isEqualTo("130000");
  }

  @Test
  void rejectsAnEmptyWindowAndPeriodsBeforeTheAvailabilityStart() {
    TimelineSnapshot empty = new TimelineSnapshot("e1", 2, List.of(), 0, false,
        AVAILABILITY_START, 0);
    assertThatThrownBy(() -> builder.build(input(empty, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no segment");

    DashInput early = new DashInput(snapshot(segments(0, 2), false), AVAILABILITY_START,
        AVAILABILITY_START_90K + 1, seq -> AV, Map.of(), OPTIONS);
    assertThatThrownBy(() -> builder.build(early))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before availabilityStartTime");
  }

  @Test
  void optionsRefuseADelayThatLeavesNoTimeShiftBuffer() {
    assertThatThrownBy(() -> new DashOptions(Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(30), Duration.ofSeconds(30), "/time"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("suggestedPresentationDelay");
  }
}
