package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContinuityCounterTest {
  @Test
  void countsFromZeroAndWrapsAfterFifteen() {
    ContinuityCounter counter = new ContinuityCounter();
    int[] seen = new int[34];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = counter.next();
    }
    assertThat(seen).startsWith(0, 1, 2).contains(15);
    assertThat(seen[15]).isEqualTo(15);
    assertThat(seen[16]).isZero();
    assertThat(seen[33]).isEqualTo(1);
  }
}
