package io.headwater.packager.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/** Drives the segmenter with timestamps, as a live stream would, and checks the cuts. */
class SegmenterTest {
  private static final TrackFormat VIDEO = TrackFormat.h264(new AvcConfig(new byte[] {1},
      List.of(new byte[] {0x67}), List.of(new byte[] {0x68}), 4, 100, 0, 31, 640, 360, 30_000));
  private static final TrackFormat AUDIO = TrackFormat.aac(new AacConfig(
      new byte[] {0x11, (byte) 0x90}, 2, 3, 48_000, 2, 2));
  private static final long FRAME_90K = 3000; // 30 fps
  private static final long SECOND_90K = 90_000;

  private static Sample video(long dts90k, boolean keyframe) {
    return Sample.of(TrackFormat.VIDEO_TRACK_ID, dts90k, 0, keyframe, new byte[1]);
  }

  private static Sample audio(long frameIndex) {
    return Sample.of(TrackFormat.AUDIO_TRACK_ID, frameIndex * AacConfig.SAMPLES_PER_FRAME, 0,
        true, new byte[1]);
  }

  /** A cut: which decision, at which 90 kHz time. */
  private record Cut(SegmentDecision decision, long at90k) {}

  /** Feeds {@code frames} video frames at 30 fps, keyframes where {@code isKey} says. */
  private static List<Cut> feedVideo(Segmenter segmenter, int frames, LongPredicate isKey) {
    List<Cut> cuts = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      long dts = i * FRAME_90K;
      SegmentDecision d = segmenter.onSample(VIDEO, video(dts, isKey.test(i)));
      if (d != SegmentDecision.CONTINUE) {
        cuts.add(new Cut(d, dts));
      }
    }
    return cuts;
  }

  private static List<Long> durations(List<Cut> cuts) {
    List<Long> out = new ArrayList<>();
    for (int i = 1; i < cuts.size(); i++) {
      out.add(cuts.get(i).at90k() - cuts.get(i - 1).at90k());
    }
    return out;
  }

  @Test
  void keyframesEveryTwoSecondsWithTargetTwoCutOnEveryKeyframe() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    List<Cut> cuts = feedVideo(segmenter, 30 * 10, i -> i % 60 == 0);
    assertThat(cuts).containsExactly(
        new Cut(SegmentDecision.START_FIRST, 0),
        new Cut(SegmentDecision.CUT_ON_KEYFRAME, 2 * SECOND_90K),
        new Cut(SegmentDecision.CUT_ON_KEYFRAME, 4 * SECOND_90K),
        new Cut(SegmentDecision.CUT_ON_KEYFRAME, 6 * SECOND_90K),
        new Cut(SegmentDecision.CUT_ON_KEYFRAME, 8 * SECOND_90K));
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
    assertThat(segmenter.segmentStart90k()).isEqualTo(8 * SECOND_90K);
    assertThat(segmenter.forcedCuts()).isZero();
  }

  @Test
  void targetDurationIsUnknownUntilTheFirstSegmentCloses() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    feedVideo(segmenter, 60, i -> i % 60 == 0);
    assertThat(segmenter.targetDurationSeconds()).isEmpty();
  }

  @Test
  void keyframesEveryThreeSecondsWithTargetTwoGiveThreeSecondSegments() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    List<Cut> cuts = feedVideo(segmenter, 30 * 12 + 1, i -> i % 90 == 0);
    assertThat(durations(cuts)).containsExactly(3 * SECOND_90K, 3 * SECOND_90K, 3 * SECOND_90K,
        3 * SECOND_90K);
    assertThat(cuts).extracting(Cut::decision).containsOnly(SegmentDecision.START_FIRST,
        SegmentDecision.CUT_ON_KEYFRAME);
    assertThat(segmenter.targetDurationSeconds()).hasValue(3);
  }

  @Test
  void fractionalTargetRoundsUp() {
    // 1.5 s target, keyframes every 1.5 s: TD = max(ceil(1.5), round(1.5)) = 2.
    Segmenter segmenter = new Segmenter(new SegmentPolicy(135_000, true));
    feedVideo(segmenter, 30 * 4, i -> i % 45 == 0);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
  }

  @Test
  void gopsGrowingToTenSecondsAreForceCutWithinTargetPlusHalfASecond() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    // Keyframes every 2 s for the first 10 s, then every 10 s.
    List<Cut> cuts = feedVideo(segmenter, 30 * 60,
        i -> i < 300 ? i % 60 == 0 : (i - 300) % 300 == 0);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
    assertThat(durations(cuts)).allSatisfy(d -> {
      assertThat(d).isLessThanOrEqualTo(2 * SECOND_90K + SECOND_90K / 2);
      // EXTINF rounded to the nearest integer stays <= TD (RFC 8216 4.3.3.1).
      assertThat((d + SECOND_90K / 2) / SECOND_90K).isLessThanOrEqualTo(2);
    });
    assertThat(cuts).extracting(Cut::decision).contains(SegmentDecision.FORCED_CUT);
    long forced = cuts.stream().filter(c -> c.decision() == SegmentDecision.FORCED_CUT).count();
    assertThat(segmenter.forcedCuts()).isEqualTo(forced).isPositive();
    // The keyframe at 10 s still cuts; then a forced cut every TD + 0.4 s until the next
    // keyframe that lies at least the target after its segment's start.
    assertThat(cuts).contains(new Cut(SegmentDecision.CUT_ON_KEYFRAME, 10 * SECOND_90K),
        new Cut(SegmentDecision.FORCED_CUT, 10 * SECOND_90K + 2 * SECOND_90K + 36_000),
        new Cut(SegmentDecision.FORCED_CUT, 10 * SECOND_90K + 2 * (2 * SECOND_90K + 36_000)));
  }

  @Test
  void firstSegmentWithoutKeyframeIsForceCutAtTenSecondsAndFixesTheTarget() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    List<Cut> cuts = feedVideo(segmenter, 30 * 12, i -> i == 0);
    assertThat(cuts).containsExactly(new Cut(SegmentDecision.START_FIRST, 0),
        new Cut(SegmentDecision.FORCED_CUT, 10 * SECOND_90K));
    assertThat(segmenter.targetDurationSeconds()).hasValue(10);
    assertThat(segmenter.forcedCuts()).isEqualTo(1);
  }

  @Test
  void dropsEverythingBeforeTheFirstVideoKeyframe() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    assertThat(segmenter.onSample(AUDIO, audio(0))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(VIDEO, video(0, false))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(AUDIO, audio(1))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(VIDEO, video(3000, true))).isEqualTo(SegmentDecision.START_FIRST);
    assertThat(segmenter.segmentStart90k()).isEqualTo(3000);
    assertThat(segmenter.onSample(AUDIO, audio(2))).isEqualTo(SegmentDecision.CONTINUE);
  }

  @Test
  void audioNeverCutsWhenTheStreamHasVideo() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    segmenter.onSample(VIDEO, video(0, true));
    for (long frame = 0; frame < 48_000 * 5 / 1024; frame++) {
      assertThat(segmenter.onSample(AUDIO, audio(frame))).isEqualTo(SegmentDecision.CONTINUE);
    }
    assertThat(segmenter.segmentStart90k()).isZero();
  }

  @Test
  void audioOnlyCutsOnTheFirstFrameAtOrPastTheTarget() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, false));
    List<Long> cutFrames = new ArrayList<>();
    for (long frame = 0; frame < 48_000 * 7 / 1024; frame++) {
      SegmentDecision d = segmenter.onSample(AUDIO, audio(frame));
      if (frame == 0) {
        assertThat(d).isEqualTo(SegmentDecision.START_FIRST);
      } else if (d == SegmentDecision.CUT_ON_KEYFRAME) {
        cutFrames.add(frame);
      } else {
        assertThat(d).isEqualTo(SegmentDecision.CONTINUE);
      }
    }
    // 2 s = 93.75 frames of 1024 at 48 kHz: frame 94 (at 2.005 s) is the first at or past it;
    // the next segment starts at 94 and reaches 2 s at frame 188, then 282.
    assertThat(cutFrames).containsExactly(94L, 188L, 282L);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
    assertThat(segmenter.segmentStart90k()).isEqualTo(282L * 1024 * 90_000 / 48_000);
  }

  @Test
  void audioOnlyPolicyDropsVideo() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, false));
    assertThat(segmenter.onSample(VIDEO, video(0, true))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(AUDIO, audio(0))).isEqualTo(SegmentDecision.START_FIRST);
  }

  @Test
  void resetWaitsForTheNextKeyframeAndKeepsTheTargetDuration() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    feedVideo(segmenter, 30 * 5, i -> i % 60 == 0);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);

    segmenter.reset();
    // The publisher came back with timestamps starting again near zero.
    assertThat(segmenter.onSample(AUDIO, audio(0))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(VIDEO, video(3000, false))).isEqualTo(SegmentDecision.DROP);
    assertThat(segmenter.onSample(VIDEO, video(6000, true))).isEqualTo(SegmentDecision.START_FIRST);
    assertThat(segmenter.segmentStart90k()).isEqualTo(6000);
    assertThat(segmenter.onSample(VIDEO, video(9000, false))).isEqualTo(SegmentDecision.CONTINUE);
    assertThat(segmenter.onSample(VIDEO, video(6000 + 2 * SECOND_90K, true)))
        .isEqualTo(SegmentDecision.CUT_ON_KEYFRAME);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
  }

  @Test
  void resetBeforeTheFirstCutFixesTheTargetFromTheSegmentSoFar() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, true));
    // Keyframe at 0, then 89 more frames: 3 s of video once the last frame's 1/30 s is counted.
    feedVideo(segmenter, 90, i -> i == 0);
    segmenter.reset();
    assertThat(segmenter.targetDurationSeconds()).hasValue(3);
  }

  @Test
  void resetAudioOnlyRestartsOnTheNextFrame() {
    Segmenter segmenter = new Segmenter(new SegmentPolicy(2 * SECOND_90K, false));
    segmenter.onSample(AUDIO, audio(0));
    segmenter.reset();
    assertThat(segmenter.onSample(AUDIO, audio(5))).isEqualTo(SegmentDecision.START_FIRST);
  }
}
