package io.headwater.manifest.dash;

import static io.headwater.manifest.dash.DashFixtures.AV;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START_90K;
import static io.headwater.manifest.dash.DashFixtures.segments;
import static io.headwater.manifest.dash.DashFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Low-latency DASH signalling in the MPD (DASH-IF IOP "Low-latency Modes for DASH" 9.X.4). */
class LowLatencyMpdTest {
  private static final String VIDEO_TEMPLATE =
      "/d:MPD/d:Period[1]/d:AdaptationSet[@contentType='video']/d:SegmentTemplate";
  private static final String AUDIO_TEMPLATE =
      "/d:MPD/d:Period[1]/d:AdaptationSet[@contentType='audio']/d:SegmentTemplate";
  private static final ServiceDescription SERVICE = new ServiceDescription(0,
      Duration.ofMillis(1500), Duration.ofMillis(1000), Duration.ofMillis(5500), 0.95, 1.05);

  private final MpdBuilder builder = new MpdBuilder();
  private final MpdWriter writer = new MpdWriter();

  private MpdXml write(TimelineSnapshot snapshot, LowLatencyDash lowLatency) {
    DashOptions options = new DashOptions(Duration.ofMillis(500), Duration.ofSeconds(2),
        Duration.ofMillis(1500), Duration.ofSeconds(12), "/time", lowLatency);
    return MpdXml.parse(writer.write(builder.build(new DashInput(snapshot, AVAILABILITY_START,
        AVAILABILITY_START_90K, seq -> AV, Map.of(), options))));
  }

  @Test
  void templatesSayChunkedAvailabilityAndTheServiceDescriptionGivesTheLatency() {
    MpdXml mpd = write(snapshot(segments(0, 3), false),
        new LowLatencyDash(Duration.ofMillis(1500), SERVICE, false));

    for (String template : new String[] {VIDEO_TEMPLATE, AUDIO_TEMPLATE}) {
      assertThat(mpd.string(template + "/@availabilityTimeOffset")).isEqualTo("1.5");
      assertThat(mpd.string(template + "/@availabilityTimeComplete")).isEqualTo("false");
    }
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/@id")).isEqualTo("0");
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/d:Latency/@target")).isEqualTo("1500");
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/d:Latency/@min")).isEqualTo("1000");
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/d:Latency/@max")).isEqualTo("5500");
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/d:PlaybackRate/@min")).isEqualTo("0.95");
    assertThat(mpd.string("/d:MPD/d:ServiceDescription/d:PlaybackRate/@max")).isEqualTo("1.05");
    // Schema order (23009-1 5.3.1.2): ServiceDescription precedes Period, UTCTiming follows it.
    assertThat(mpd.count("/d:MPD/d:ServiceDescription/following-sibling::d:Period")).isEqualTo(1);
    assertThat(mpd.string("/d:MPD/d:UTCTiming/@value")).isEqualTo("/time");
    assertThat(mpd.string("/d:MPD/@minimumUpdatePeriod")).isEqualTo("PT0.5S");
    // Without the open segment announced, the timeline lists the three complete segments.
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@r")).isEqualTo("2");
  }

  @Test
  void theOpenSegmentIsListedAfterTheLastCompleteOneWithItsDuration() {
    MpdXml mpd = write(snapshot(segments(0, 3), false),
        new LowLatencyDash(Duration.ofMillis(1500), SERVICE, true));

    // Video: four 2 s segments from the first (t=900000), the fourth being written.
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@t")).isEqualTo("900000");
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@d")).isEqualTo("180000");
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@r")).isEqualTo("3");
    assertThat(mpd.count(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S")).isEqualTo(1);
    // Audio: the open segment repeats the last audio duration and starts where it ended.
    long audioEnd = DashFixtures.audioStart(3);
    long lastAudio = audioEnd - DashFixtures.audioStart(2);
    long listedAudio = 0;
    long end = 0;
    for (var s : mpd.elements(AUDIO_TEMPLATE + "/d:SegmentTimeline/d:S")) {
      if (s.hasAttribute("t")) {
        end = Long.parseLong(s.getAttribute("t"));
      }
      long r = s.hasAttribute("r") ? Long.parseLong(s.getAttribute("r")) : 0;
      end += (r + 1) * Long.parseLong(s.getAttribute("d"));
      listedAudio += r + 1;
    }
    assertThat(listedAudio).isEqualTo(4);
    assertThat(end).isEqualTo(audioEnd + lastAudio);
  }

  @Test
  void theSegmentAfterTheOpenOneIsAnnouncedToo() {
    MpdXml mpd = write(snapshot(segments(0, 3), false),
        new LowLatencyDash(Duration.ofMillis(1500), SERVICE, 2));

    // Three complete 2 s segments, the one being written and the next: a player learns of the
    // next segment before it begins, not from an MPD fetched after (dash.js: at most one a
    // second), and asks for it as soon as the one before is complete.
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@t")).isEqualTo("900000");
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@d")).isEqualTo("180000");
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@r")).isEqualTo("4");
    assertThat(mpd.count(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S")).isEqualTo(1);
    assertThat(mpd.string(VIDEO_TEMPLATE + "/@startNumber")).isEqualTo("0");
    assertThatThrownBy(() -> new LowLatencyDash(Duration.ZERO, SERVICE, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEndedStreamHasNoLowLatencySignalling() {
    MpdXml mpd = write(snapshot(segments(0, 3), true),
        new LowLatencyDash(Duration.ofMillis(1500), SERVICE, true));

    assertThat(mpd.string("/d:MPD/@type")).isEqualTo("static");
    assertThat(mpd.count(VIDEO_TEMPLATE + "/@availabilityTimeComplete")).isZero();
    assertThat(mpd.count("/d:MPD/d:ServiceDescription")).isZero();
    // The three stored segments and no announced open one; the last is stretched to the end of
    // the audio, which runs past the video.
    assertThat(mpd.string(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[1]/@r")).isEqualTo("1");
    assertThat(mpd.count(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S")).isEqualTo(2);
    assertThat(mpd.count(VIDEO_TEMPLATE + "/d:SegmentTimeline/d:S[2]/@r")).isZero();
  }

  @Test
  void aStandardMpdHasNone() {
    MpdXml mpd = write(snapshot(segments(0, 3), false), null);

    assertThat(mpd.count(VIDEO_TEMPLATE + "/@availabilityTimeOffset")).isZero();
    assertThat(mpd.count(VIDEO_TEMPLATE + "/@availabilityTimeComplete")).isZero();
    assertThat(mpd.count("/d:MPD/d:ServiceDescription")).isZero();
  }

  @Test
  void latencyBoundsMustBeOrdered() {
    assertThatThrownBy(() -> new ServiceDescription(0, Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(3), 0.95, 1.05))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= target");
    assertThatThrownBy(() -> new ServiceDescription(0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), Duration.ofSeconds(3), 1.1, 1.05))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PlaybackRate");
  }
}
