package io.headwater.packager.segment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many whole frames a part gets, against the boundary it must reach. */
class PartPlannerTest {
  private static final long AAC_FRAME = 1024; // 48 kHz ticks
  private static final long VIDEO_FRAME = 3000; // 30 fps at 90 kHz

  private static long ticks48k(long micros) {
    return micros * 48_000 / 1_000_000;
  }

  @Test
  void twoSecondsOfAacUnderA340MsTargetLeaveALastPartOfTenFramesNotFour() {
    long target = ticks48k(340_000);
    int frames = PartPlanner.framesPerPart(AAC_FRAME, target * 85 / 100, ticks48k(338_000),
        96_000);
    assertThat(frames).as("14 frames (299 ms, 88 %%): six parts and a last one of 9.75 frames")
        .isEqualTo(14);
    assertThat(96_000 % (frames * AAC_FRAME)).isEqualTo(9_984); // 9.75 frames = 208 ms
  }

  @Test
  void aOneSecondGopAt30FpsIsThreePartsOfTenFrames() {
    int frames = PartPlanner.framesPerPart(VIDEO_FRAME, 340 * 90 * 85 / 100, 338 * 90, 90_000);
    assertThat(frames).isEqualTo(10);
  }

  @Test
  void whatRemainsOfTheSpanInOnePartIsTakenWhole() {
    assertThat(PartPlanner.framesPerPart(VIDEO_FRAME, 340 * 90 * 85 / 100, 338 * 90, 30_000))
        .isEqualTo(10);
  }

  @Test
  void anUnknownBoundaryGetsTheMostFramesThatFit() {
    assertThat(PartPlanner.framesPerPart(VIDEO_FRAME, 500 * 90 * 85 / 100, 498 * 90, 0))
        .isEqualTo(14);
    assertThat(PartPlanner.framesPerPart(AAC_FRAME, 0, ticks48k(498_000), -1)).isEqualTo(23);
  }

  @Test
  void aTargetShorterThanAFrameStillGetsOneFrame() {
    assertThat(PartPlanner.framesPerPart(VIDEO_FRAME, 1_000, 2_000, 90_000)).isEqualTo(1);
  }

  @Test
  void noCountOutsideTheAllowedRangeIsChosen() {
    for (long remaining = 1; remaining < 200_000; remaining += 997) {
      int frames = PartPlanner.framesPerPart(AAC_FRAME, ticks48k(289_000), ticks48k(338_000),
          remaining);
      assertThat(frames * AAC_FRAME).as("part for %d remaining ticks", remaining)
          .isBetween(ticks48k(289_000), ticks48k(338_000));
    }
  }
}
