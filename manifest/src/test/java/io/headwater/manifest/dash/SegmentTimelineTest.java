package io.headwater.manifest.dash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.manifest.dash.SegmentTimeline.S;
import io.headwater.packager.timeline.TrackSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SegmentTimelineTest {
  private static List<TrackSegment> contiguous(long start, long... durations) {
    List<TrackSegment> out = new ArrayList<>();
    long t = start;
    for (long d : durations) {
      out.add(new TrackSegment(2, t, d, 48_000, 100));
      t += d;
    }
    return out;
  }

  private static S s(long t, long d, long r) {
    return new S(OptionalLong.of(t), d, r);
  }

  private static S s(long d, long r) {
    return new S(OptionalLong.empty(), d, r);
  }

  @Test
  void equalDurationsBecomeOneRepeatedS() {
    SegmentTimeline timeline =
        SegmentTimeline.encode(contiguous(900_000, 180_000, 180_000, 180_000, 180_000));

    assertThat(timeline.entries()).containsExactly(s(900_000, 180_000, 3));
    assertThat(timeline.segmentCount()).isEqualTo(4);
    assertThat(timeline.endTicks()).isEqualTo(900_000 + 4 * 180_000);
  }

  @Test
  void singleSegmentHasNoRepeat() {
    assertThat(SegmentTimeline.encode(contiguous(0, 96_256)).entries())
        .containsExactly(s(0, 96_256, 0));
  }

  @Test
  void alternatingAudioDurationsListEveryChange() {
    SegmentTimeline timeline =
        SegmentTimeline.encode(contiguous(480_512, 96_256, 95_232, 96_256, 95_232));

    assertThat(timeline.entries()).containsExactly(
        s(480_512, 96_256, 0), s(95_232, 0), s(96_256, 0), s(95_232, 0));
    assertThat(timeline.endTicks()).isEqualTo(480_512 + 2 * (96_256 + 95_232));
  }

  @Test
  void runsOfAacFrameCountsAreGrouped() {
    // 94, 94, 94, 93 frames per 2 s segment at 48 kHz, twice.
    SegmentTimeline timeline = SegmentTimeline.encode(contiguous(0,
        96_256, 96_256, 96_256, 95_232, 96_256, 96_256, 96_256, 95_232));

    assertThat(timeline.entries()).containsExactly(
        s(0, 96_256, 2), s(95_232, 0), s(96_256, 2), s(95_232, 0));
    assertThat(timeline.segmentCount()).isEqualTo(8);
    assertThat(timeline.endTicks()).isEqualTo(8 * 96_000);
  }

  @Test
  void gapRestartsTheRunWithAnExplicitStart() {
    List<TrackSegment> segments = new ArrayList<>(contiguous(0, 1_000, 1_000));
    segments.add(new TrackSegment(2, 2_500, 1_000, 48_000, 100)); // 500 ticks missing
    segments.add(new TrackSegment(2, 3_500, 1_000, 48_000, 100));

    assertThat(SegmentTimeline.encode(segments).entries())
        .containsExactly(s(0, 1_000, 1), s(2_500, 1_000, 1));
  }

  @Test
  void rejectsEmptyAndZeroDuration() {
    assertThatThrownBy(() -> SegmentTimeline.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SegmentTimeline.encode(contiguous(0, 1_000, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration 0");
  }
}
