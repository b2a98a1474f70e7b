package io.headwater.origin.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ffmpeg's -progress blocks: figures change only when a block is complete. */
class TranscodeProgressTest {
  @Test
  void aCompleteBlockSetsSpeedFpsAndFrames() {
    TranscodeProgress progress = new TranscodeProgress();
    for (String line : new String[] {"frame=300", "fps=29.97", "bitrate= 812.3kbits/s",
        "out_time_us=10000000", "speed=0.998x"}) {
      progress.onLine(line);
    }
    assertThat(progress.speed()).as("before progress=").isZero();

    progress.onLine("progress=continue");

    assertThat(progress.speed()).isEqualTo(0.998);
    assertThat(progress.fps()).isEqualTo(29.97);
    assertThat(progress.frames()).isEqualTo(300);
  }

  @Test
  void notAvailableValuesCountAsZero() {
    TranscodeProgress progress = new TranscodeProgress();
    progress.onLine("speed=N/A");
    progress.onLine("fps=0.00");
    progress.onLine("garbage without equals");
    progress.onLine("progress=continue");

    assertThat(progress.speed()).isZero();
    assertThat(progress.fps()).isZero();
  }
}
