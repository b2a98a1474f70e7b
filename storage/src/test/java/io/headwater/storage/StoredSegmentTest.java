package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredSegmentTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void anObjectOffTheHeapReadsBackItsBytesThroughReadOnlyViews() {
    ByteBuffer direct = ByteBuffer.allocateDirect(6).put(new byte[] {0, 1, 2, 3, 4, 5}).flip();
    direct.position(1).limit(5); // the object is the buffer's remaining bytes
    StoredSegment s = new StoredSegment(direct, T0);

    assertThat(s.isDirect()).isTrue();
    assertThat(s.sizeBytes()).isEqualTo(4);
    assertThat(s.bytes()).containsExactly(1, 2, 3, 4);
    ByteBuffer view = s.body();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.position()).isZero();
    assertThat(view.get(0)).isEqualTo((byte) 1);
    assertThat(s.bytes()).as("a copy per call for an object off the heap")
        .isNotSameAs(s.bytes());
  }

  @Test
  void anObjectMadeFromAnArrayKeepsThatArray() {
    byte[] bytes = {7, 8, 9};
    StoredSegment s = new StoredSegment(bytes, T0);

    assertThat(s.isDirect()).isFalse();
    assertThat(s.bytes()).isSameAs(bytes);
    assertThat(s.body().isReadOnly()).isTrue();
    assertThat(s.holds(new byte[] {7, 8, 9})).isTrue();
    assertThat(s.holds(new byte[] {7, 8})).isFalse();
  }

  @Test
  void equalBytesAndTimeAreEqualWhereverTheBytesLive() {
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip();
    StoredSegment offHeap = new StoredSegment(direct, T0);
    StoredSegment onHeap = new StoredSegment(new byte[] {7, 8, 9}, T0);

    assertThat(offHeap).isEqualTo(onHeap).hasSameHashCodeAs(onHeap);
    assertThat(offHeap).isNotEqualTo(new StoredSegment(new byte[] {7, 8, 9}, T0.plusSeconds(1)));
    assertThat(offHeap.toString()).contains("3 bytes", "off-heap");
  }
}
