package io.headwater.manifest.dash;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Formats, segments and options shared by the DASH tests. */
final class DashFixtures {
  /** High profile, level 3.0, 640x360 at 30 fps: avc1.64001e. */
  static final TrackFormat VIDEO = TrackFormat.h264(new AvcConfig(new byte[] {1},
      List.of(new byte[] {0x67}), List.of(new byte[] {0x68}), 4, 100, 0x00, 30, 640, 360,
      30_000));
  /** AAC-LC 48 kHz stereo: mp4a.40.2. */
  static final TrackFormat AUDIO =
      TrackFormat.aac(new AacConfig(new byte[] {0x11, (byte) 0x90}, 2, 3, 48_000, 2, 2));
  static final StreamFormats AV = new StreamFormats(VIDEO, AUDIO);

  static final Instant AVAILABILITY_START = Instant.parse("2026-03-01T12:00:00Z");
  /** The stream timeline does not start at 0: 10 s in at availabilityStartTime. */
  static final long AVAILABILITY_START_90K = 900_000;
  static final long VIDEO_SEGMENT_90K = 180_000;
  /** Audio ticks (48 kHz) per AAC frame. */
  static final long AAC_FRAME = 1024;
  /** Audio starts 512 ticks (10.7 ms) after the first video frame. */
  static final long AUDIO_OFFSET_48K = 512;

  static final DashOptions OPTIONS = new DashOptions(Duration.ofSeconds(2), Duration.ofSeconds(4),
      Duration.ofSeconds(6), Duration.ofSeconds(30), "/time");

  private DashFixtures() {}

  /**
   * Audio start (48 kHz ticks) of the i-th segment, the way the segmenter cuts audio: at the first
   * AAC frame that starts at or after the video boundary. Durations come out as 94 or 93 frames
   * (96256 or 95232 ticks), 93.75 frames per 2 s on average.
   */
  static long audioStart(long index) {
    long firstFrame = AVAILABILITY_START_90K * 48_000 / 90_000 + AUDIO_OFFSET_48K;
    long videoBoundary = (AVAILABILITY_START_90K + index * VIDEO_SEGMENT_90K) * 48_000 / 90_000;
    long frames = Math.max(0, -Math.floorDiv(-(videoBoundary - firstFrame), AAC_FRAME));
    return firstFrame + frames * AAC_FRAME;
  }

  /**
   * {@code count} contiguous 2 s segments with video and audio from sequence number {@code
   * firstSeq}, the first one starting at the availability start, with discontinuity flags at the
   * given sequence numbers.
   */
  static List<SegmentEntry> segments(long firstSeq, int count, long... discontinuities) {
    List<SegmentEntry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long seq = firstSeq + i;
      long start90k = AVAILABILITY_START_90K + i * VIDEO_SEGMENT_90K;
      long audioStart = audioStart(i);
      long audioDuration = audioStart(i + 1) - audioStart;
      boolean discontinuity = false;
      for (long d : discontinuities) {
        discontinuity |= d == seq;
      }
      out.add(new SegmentEntry(seq, start90k, VIDEO_SEGMENT_90K,
          AVAILABILITY_START.plusMillis(i * 2000L), discontinuity, true, 1000,
          List.of(new TrackSegment(1, start90k, VIDEO_SEGMENT_90K, 90_000, 500_000),
              new TrackSegment(2, audioStart, audioDuration, 48_000, 32_000))));
    }
    return out;
  }

  static TimelineSnapshot snapshot(List<SegmentEntry> segments, boolean ended) {
    SegmentEntry last = segments.get(segments.size() - 1);
    Instant updated = last.programDateTime().plusMillis(last.duration90k() / 90);
    return new TimelineSnapshot("e1", 2, segments, 0, ended, updated, segments.size());
  }
}
