package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DirectGarbageTest {
  private static final long MIB = 1L << 20;

  private final AtomicLong used = new AtomicLong();
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final AtomicInteger requests = new AtomicInteger();
  private final DirectGarbage garbage =
      new DirectGarbage(used::get, requests::incrementAndGet, now::get);

  @Test
  void asksForACollectionOnlyWhenReleasedBuffersPileUpAndNotTooOften() {
    used.set(400 * MIB + 90 * MIB); // 400 MiB live, 90 MiB released: under a quarter
    garbage.onRelease(90 * MIB);
    assertThat(garbage.afterAllocation(400 * MIB)).isFalse();

    used.set(400 * MIB + 110 * MIB); // over a quarter of the live bytes
    garbage.onRelease(20 * MIB);
    assertThat(garbage.afterAllocation(400 * MIB)).isTrue();
    garbage.onRelease(110 * MIB);
    assertThat(garbage.afterAllocation(400 * MIB)).as("within two seconds of the last").isFalse();

    now.addAndGet(DirectGarbage.MIN_INTERVAL_NANOS);
    assertThat(garbage.afterAllocation(400 * MIB)).isTrue();
    assertThat(requests).hasValue(2);
  }

  @Test
  void aFewStreamsLeaveAtLeast32MibBeforeAsking() {
    used.set(10 * MIB + 31 * MIB);
    garbage.onRelease(31 * MIB);
    assertThat(garbage.afterAllocation(10 * MIB)).isFalse();
    used.set(10 * MIB + 33 * MIB);
    garbage.onRelease(2 * MIB);
    assertThat(garbage.afterAllocation(10 * MIB)).isTrue();
    assertThat(requests).hasValue(1);
  }

  @Test
  void directMemoryTheStoreDidNotReleaseNeverMakesItAsk() {
    // 200 MiB of other direct buffers (an HTTP server's I/O buffers, another store), 1 released.
    used.set(10 * MIB + 200 * MIB);
    garbage.onRelease(MIB);
    assertThat(garbage.afterAllocation(10 * MIB)).isFalse();
    assertThat(requests).hasValue(0);
  }

  @Test
  void buffersACollectionFreedAreNotCountedAgain() {
    used.set(10 * MIB + 40 * MIB);
    garbage.onRelease(40 * MIB);
    assertThat(garbage.afterAllocation(10 * MIB)).isTrue();
    // The cycle freed them; the pool is back to the live bytes, and nothing new was released.
    used.set(10 * MIB);
    now.addAndGet(DirectGarbage.MIN_INTERVAL_NANOS);
    assertThat(garbage.afterAllocation(10 * MIB)).isFalse();
    // Direct memory grows again for other reasons: still not the store's to collect.
    used.set(10 * MIB + 40 * MIB);
    assertThat(garbage.afterAllocation(10 * MIB)).isFalse();
    assertThat(requests).hasValue(1);
  }
}
