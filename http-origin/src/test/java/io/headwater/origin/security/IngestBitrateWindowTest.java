package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trailing window the ingest bitrate limit sums over. */
class IngestBitrateWindowTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void sumsWhatWasAddedWithinTheWindowOnly() {
    IngestBitrateLimiter.SlidingWindow w = new IngestBitrateLimiter.SlidingWindow(10 * SECOND, 0);
    assertThat(w.add(0, 1_000)).isEqualTo(1_000);
    assertThat(w.add(5 * SECOND, 2_000)).isEqualTo(3_000);
    assertThat(w.add(9 * SECOND, 500)).isEqualTo(3_500);
    // At 11 s the first second has left the window; at 16 s the fifth too.
    assertThat(w.add(11 * SECOND, 0)).isEqualTo(2_500);
    assertThat(w.add(16 * SECOND, 0)).isEqualTo(500);
    // A long silence empties it.
    assertThat(w.add(60 * SECOND, 7)).isEqualTo(7);
  }

  @Test
  void aSteadyRateSumsToRateTimesWindow() {
    IngestBitrateLimiter.SlidingWindow w = new IngestBitrateLimiter.SlidingWindow(4 * SECOND, 0);
    long sum = 0;
    for (long t = 0; t < 20 * SECOND; t += SECOND / 10) {
      sum = w.add(t, 100); // 1,000 per second
    }
    assertThat(sum).isBetween(3_900L, 4_100L);
  }
}
