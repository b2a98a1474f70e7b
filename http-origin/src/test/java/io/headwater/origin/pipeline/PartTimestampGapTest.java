package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gaps in a publisher's timestamps (a dropped frame, ffmpeg {@code -stream_loop} starting the
 * file over 21 ms late) never make a part longer than PART-TARGET: a playlist listing one would
 * break RFC 8216bis 4.4.4.9, and the origin answered 500 for the video playlist until that part
 * left it.
 */
class PartTimestampGapTest {
  private static final long PART_TARGET_MICROS = 340_000;
  private static final long LIMIT_TICKS = PART_TARGET_MICROS * 90_000 / 1_000_000;
  private static final long FRAME = 3_000; // 30 fps at 90 kHz

  private static TrackFormat video() {
    return TrackFormat.h264(new AvcConfig(new byte[] {1},
        List.of(new byte[] {0x67, 0x42, 0x00, 0x1e}), List.of(new byte[] {0x68}), 4, 66, 0, 30,
        640, 360, 30_000));
  }

  /** Feeds 1 s GOPs at 30 fps with {@code gapTicks} added before frame {@code gapAt}. */
  private static List<PartEntry> parts(int frames, int gapAt, long gapTicks) {
    CmafTrackWriter writer = new CmafTrackWriter(video(), PART_TARGET_MICROS, 1, 2_000_000);
    List<PartEntry> parts = new ArrayList<>();
    writer.startSegment(0);
    long dts = 0;
    for (int i = 0; i < frames; i++) {
      if (i == gapAt) {
        dts += gapTicks;
      }
      writer.add(Sample.of(TrackFormat.VIDEO_TRACK_ID, dts, 0, i % 30 == 0, new byte[] {0, 0, 0,
          1, 0x65}), (part, bytes) -> parts.add(part));
      dts += FRAME;
    }
    writer.finishSegment(dts, (part, bytes) -> parts.add(part));
    return parts;
  }

  @Test
  void aLateKeyframeEndsTheLastPartEarlierInsteadOfStretchingIt() {
    // The -stream_loop seam: the keyframe that starts the file again comes 21 ms late.
    List<PartEntry> parts = parts(60, 30, 1_890);
    assertThat(parts).allSatisfy(p -> assertThat(p.durationTicks()).isLessThanOrEqualTo(
        LIMIT_TICKS));
    // Nothing lost: the parts still cover the whole timeline, gap included, back to back.
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i).startTicks()).isEqualTo(parts.get(i - 1).startTicks()
          + parts.get(i - 1).durationTicks());
    }
    assertThat(parts.get(parts.size() - 1).startTicks()
        + parts.get(parts.size() - 1).durationTicks()).isEqualTo(60 * FRAME + 1_890);
    // The part after the gap still starts with the keyframe: INDEPENDENT=YES where it belongs.
    assertThat(parts).filteredOn(p -> p.startTicks() == 30 * FRAME + 1_890)
        .singleElement().satisfies(p -> assertThat(p.independent()).isTrue());
  }

  @Test
  void aDroppedFrameInsideAPartSplitsIt() {
    List<PartEntry> parts = parts(60, 14, FRAME);
    assertThat(parts).allSatisfy(p -> assertThat(p.durationTicks()).isLessThanOrEqualTo(
        LIMIT_TICKS));
    assertThat(parts.get(parts.size() - 1).startTicks()
        + parts.get(parts.size() - 1).durationTicks()).isEqualTo(61 * FRAME);
  }

  @Test
  void aDropoutLongerThanAPartLeavesAGapRatherThanAnOverlongPart() {
    List<PartEntry> parts = parts(60, 40, 500 * 90);
    assertThat(parts).allSatisfy(p -> assertThat(p.durationTicks()).isLessThanOrEqualTo(
        LIMIT_TICKS));
  }
}
