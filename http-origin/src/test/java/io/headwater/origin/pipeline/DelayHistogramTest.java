package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelayHistogramTest {
  @Test
  void quantilesAreTheUpperBoundsOfTheirPowerOfTwoBuckets() {
    DelayHistogram h = new DelayHistogram();
    assertThat(h.quantileMicros(0.5)).isZero();
    for (int i = 0; i < 90; i++) {
      h.record(300_000); // 300 us: bucket [256, 512)
    }
    for (int i = 0; i < 10; i++) {
      h.record(5_000_000); // 5 ms: bucket [4096, 8192)
    }
    assertThat(h.count()).isEqualTo(100);
    assertThat(h.quantileMicros(0.5)).isEqualTo(512);
    assertThat(h.quantileMicros(0.90)).isEqualTo(512);
    assertThat(h.quantileMicros(0.95)).isEqualTo(8192);
  }
}
