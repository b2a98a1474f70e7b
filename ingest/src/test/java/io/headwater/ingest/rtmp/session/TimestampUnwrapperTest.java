package io.headwater.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampUnwrapperTest {
  private static final long WRAP = 1L << 32;

  @Test
  void unwrapsAcross2To32() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    assertThat(u.unwrap(WRAP - 40)).isEqualTo(WRAP - 40);
    assertThat(u.unwrap(WRAP - 7)).isEqualTo(WRAP - 7);
    assertThat(u.unwrap(26)).isEqualTo(WRAP + 26);
    assertThat(u.unwrap(59)).isEqualTo(WRAP + 59);
  }

  @Test
  void lateMessageFromBeforeTheWrapStaysBeforeIt() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    u.unwrap(WRAP - 10);
    assertThat(u.unwrap(5)).isEqualTo(WRAP + 5);
    assertThat(u.unwrap(WRAP - 3)).isEqualTo(WRAP - 3); // audio that trails video by 8 ms
    assertThat(u.unwrap(20)).isEqualTo(WRAP + 20);
  }

  @Test
  void smallBackwardStepIsNotAWrap() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    u.unwrap(1000);
    assertThat(u.unwrap(967)).isEqualTo(967); // B-frame-ish reordering of message times
  }

  @Test
  void unwrapsAcrossSeveralWraps() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    long expected = 0;
    long raw = 0;
    u.unwrap(0);
    for (int i = 0; i < 10; i++) {
      raw = (raw + (1L << 30)) % WRAP; // steps of 2^30 ms: four per wrap
      expected += 1L << 30;
      assertThat(u.unwrap(raw)).isEqualTo(expected);
    }
    assertThat(expected).isGreaterThan(2 * WRAP);
  }
}
