package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.origin.Tools;
import io.headwater.origin.http.Manifests;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TrackSegment;
import io.headwater.storage.InMemorySegmentStore;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LL-HLS part boundaries on what a low-latency encoder sends (libx264, 30 fps, a keyframe every
 * second, 48 kHz AAC, FLV millisecond timestamps) under the 340 ms part target the README
 * advises: every part but the last of its segment within 85-100 % of PART-TARGET, the last not a
 * sliver, parts adding up exactly to their segment (the EXTINF players read too), and
 * INDEPENDENT=YES on exactly the parts that begin with a keyframe, none holding one inside
 * (RFC 8216bis 4.4.4.9).
 */
class LowLatencyPartsTest {
  private static final long PART_TARGET_MICROS = 340_000;
  private static final Pattern TAG = Pattern.compile(
      "#EXT-X-PART:DURATION=([0-9.]+),URI=\"[^\"]+\"(,INDEPENDENT=YES)?|#EXTINF:([0-9.]+),"
          + "|#EXT-X-PROGRAM-DATE-TIME:(\\S+)");

  @TempDir
  static Path dir;
  private static Path flv;

  @BeforeAll
  static void encode() throws Exception {
    flv = dir.resolve("live.flv");
    Tools.Result r = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=9",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=9",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0",
        "-c:a", "aac", "-b:a", "96k", "-f", "flv", flv.toString()), 120);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  /** Feeds the file to a low-latency stream, noting the video keyframes' decode times. */
  private static LiveStream publish(List<Long> keyframes) throws Exception {
    LiveStream stream = new LiveStream("live", "parts", "ep1",
        new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofNanos(PART_TARGET_MICROS * 1_000)),
        new InMemorySegmentStore(Clock.systemUTC()), Clock.systemUTC());
    MediaSink sink = stream.attachPublisher();
    MediaSink noting = new MediaSink() {
      @Override
      public void onDeclaredTracks(boolean hasVideo, boolean hasAudio) {
        sink.onDeclaredTracks(hasVideo, hasAudio);
      }

      @Override
      public void onFormat(TrackFormat format) {
        sink.onFormat(format);
      }

      @Override
      public void onSample(Sample sample) throws MalformedMediaException {
        if (sample.trackId() == TrackFormat.VIDEO_TRACK_ID && sample.keyframe()) {
          keyframes.add(sample.dtsTicks());
        }
        sink.onSample(sample);
      }

      @Override
      public void onDiscontinuity() {
        sink.onDiscontinuity();
      }
    };
    try (InputStream in = new BufferedInputStream(Files.newInputStream(flv))) {
      new FlvDemuxer(noting).demuxAll(new FlvReader(in));
    }
    return stream;
  }

  @Test
  void partsAreEvenWholeFramesAddUpToTheirSegmentAndStartAtKeyframes() throws Exception {
    List<Long> keyframes = new ArrayList<>();
    LiveStream stream = publish(keyframes);
    StreamView view = stream.view();
    List<SegmentEntry> segments = view.snapshot().segments();
    assertThat(segments).as("complete segments").hasSizeGreaterThanOrEqualTo(3);
    assertThat(keyframes).as("a keyframe a second").hasSizeGreaterThanOrEqualTo(8);
    int checked = 0;
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      for (SegmentEntry segment : segments) {
        List<PartEntry> parts = view.lowLatency().parts(trackId).stream()
            .filter(p -> p.segmentSequence() == segment.sequenceNumber()).toList();
        TrackSegment track = segment.track(trackId);
        if (parts.isEmpty()) {
          continue; // older than the listed parts (three segments)
        }
        String where = "track " + trackId + " segment " + segment.sequenceNumber();
        long sum = 0;
        for (PartEntry p : parts) {
          sum += p.durationTicks();
          long target = view.lowLatency().partTargetMicros(trackId);
          double share = p.durationTicks() * 1e6 / p.timescale() / target;
          assertThat(share).as("%s part %d of PART-TARGET", where, p.partIndex())
              .isLessThanOrEqualTo(1.0);
          boolean last = p.partIndex() == parts.size() - 1;
          if (!last) {
            assertThat(share).as("%s part %d of PART-TARGET", where, p.partIndex())
                .isGreaterThanOrEqualTo(0.85);
          } else {
            assertThat(share).as("%s: its last part is no sliver", where)
                .isGreaterThanOrEqualTo(0.5);
            // hls.js (maxFragLookUpTolerance, 0.25 s) takes a buffer ending within 0.25 s of a
            // segment's end as that segment done: a shorter last part would be skipped.
            assertThat(p.durationTicks() * 1e6 / p.timescale())
                .as("%s: its last part outlasts hls.js's 0.25 s fragment lookup tolerance", where)
                .isGreaterThan(250_000);
          }
          if (trackId == TrackFormat.VIDEO_TRACK_ID) {
            assertThat(p.independent()).as("%s part %d INDEPENDENT", where, p.partIndex())
                .isEqualTo(keyframes.contains(p.startTicks()));
            assertThat(keyframes).as("%s part %d holds no keyframe after its start", where,
                p.partIndex()).noneMatch(k -> k > p.startTicks() && k < p.endTicks());
          }
        }
        assertThat(sum).as("%s: parts add up to the segment", where)
            .isEqualTo(track.durationTicks());
        assertThat(parts.get(0).startTicks()).isEqualTo(track.startTicks());
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(6);
  }

  /**
   * Each playlist is one consistent timeline, as players lay it out: parts add up to their
   * segment's EXTINF, and the next segment starts (EXT-X-PROGRAM-DATE-TIME) where this one's
   * EXTINF ends, in the audio playlist too, whose segments start up to a frame away from the
   * keyframe that starts the video's.
   */
  @Test
  void thePlaylistsPartsAddUpToEachSegmentsExtinf() throws Exception {
    LiveStream stream = publish(new ArrayList<>());
    Manifests manifests = new Manifests();
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      String playlist = manifests.cmafPlaylist(stream.view(), trackId).orElseThrow();
      // Video keeps the configured target; audio's is 16 whole AAC frames at 48 kHz (341.333 ms)
      // plus the 2 ms timestamp margin.
      assertThat(playlist).contains(trackId == TrackFormat.VIDEO_TRACK_ID
          ? "#EXT-X-PART-INF:PART-TARGET=0.34\n" : "#EXT-X-PART-INF:PART-TARGET=0.343334\n");
      Matcher m = TAG.matcher(playlist);
      BigDecimal parts = BigDecimal.ZERO;
      int partCount = 0;
      int segmentsWithParts = 0;
      Instant date = null;
      Instant expectedNext = null;
      int dates = 0;
      while (m.find()) {
        if (m.group(4) != null) {
          date = Instant.parse(m.group(4));
          if (expectedNext != null) {
            assertThat(Math.abs(Duration.between(expectedNext, date).toNanos()))
                .as("track %d: date %s vs previous date + EXTINF %s", trackId, date,
                    expectedNext)
                .isLessThanOrEqualTo(1_000_000L); // dates are printed in whole milliseconds
            dates++;
          }
        } else if (m.group(1) != null) {
          parts = parts.add(new BigDecimal(m.group(1)));
          partCount++;
        } else {
          expectedNext = date.plusNanos(new BigDecimal(m.group(3)).movePointRight(9).longValue());
          if (partCount > 0) {
            BigDecimal extinf = new BigDecimal(m.group(3));
            // Each printed value is rounded to 10 us: the sum may differ by that much per part.
            assertThat(parts.subtract(extinf).abs().doubleValue())
                .as("track %d: parts %s vs EXTINF %s", trackId, parts, extinf)
                .isLessThanOrEqualTo(partCount * 0.000005);
            segmentsWithParts++;
          }
          parts = BigDecimal.ZERO;
          partCount = 0;
        }
      }
      assertThat(segmentsWithParts).as("track %d: segments listed with parts", trackId)
          .isGreaterThanOrEqualTo(2);
      assertThat(dates).as("track %d: consecutive dates checked", trackId)
          .isGreaterThanOrEqualTo(3);
    }
  }
}
