package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemorySegmentStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:04:05.120Z");

  private final InMemorySegmentStore store = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void putGetRemove() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e1-0.ts");
    byte[] bytes = {0x47, 0x40, 0x00, 0x10};

    store.put(key, bytes);

    Optional<StoredSegment> got = store.get(key);
    assertThat(got).isPresent();
    assertThat(got.get().bytes()).containsExactly(0x47, 0x40, 0x00, 0x10);
    assertThat(got.get().storedAt()).isEqualTo(T0);
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.totalBytes()).isEqualTo(4);

    store.remove(key);
    assertThat(store.get(key)).isEmpty();
    assertThat(store.count()).isZero();
    assertThat(store.totalBytes()).isZero();

    store.remove(key);
    assertThat(store.totalBytes()).as("removing an absent key changes nothing").isZero();
  }

  @Test
  void keepsThePutArrayWithoutCopyingIt() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e1-0.ts");
    byte[] bytes = {1, 2, 3};

    store.put(key, bytes);

    assertThat(store.get(key).orElseThrow().bytes()).as("the same array, not a copy")
        .isSameAs(bytes).containsExactly(1, 2, 3);
    ByteBuffer view = store.get(key).orElseThrow().asReadOnlyBuffer();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(view.remaining()).isEqualTo(3);
  }

  @Test
  void storedObjectsAreImmutable() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e1-0.ts");
    store.put(key, new byte[] {1, 2, 3});

    store.put(key, new byte[] {1, 2, 3});
    assertThat(store.totalBytes()).as("identical re-put is a no-op").isEqualTo(3);

    assertThatThrownBy(() -> store.put(key, new byte[] {1, 2, 4}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("live/demo/ts/e1-0.ts");
    assertThat(store.get(key).orElseThrow().bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void removeStreamRemovesOnlyThatStream() {
    store.put(new SegmentKey("live/a", "ts/e-0.ts"), new byte[10]);
    store.put(new SegmentKey("live/a", "v/e-0.m4s"), new byte[20]);
    store.put(new SegmentKey("live/ab", "ts/e-0.ts"), new byte[40]);
    store.put(new SegmentKey("event/a", "ts/e-0.ts"), new byte[80]);

    store.removeStream("live/a");

    assertThat(store.get(new SegmentKey("live/a", "ts/e-0.ts"))).isEmpty();
    assertThat(store.get(new SegmentKey("live/a", "v/e-0.m4s"))).isEmpty();
    assertThat(store.get(new SegmentKey("live/ab", "ts/e-0.ts"))).isPresent();
    assertThat(store.get(new SegmentKey("event/a", "ts/e-0.ts"))).isPresent();
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.totalBytes()).isEqualTo(120);
    assertThatThrownBy(() -> store.removeStream("../a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReadersWhileAWriterPutsAndRemoves() throws Exception {
    int window = 6;
    int segments = 5_000;
    int size = 1_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(4);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      Thread reader = new Thread(() -> {
        started.countDown();
        try {
          while (!done.get()) {
            for (int i = 0; i < segments; i += 97) {
              Optional<StoredSegment> s = store.get(new SegmentKey("live/demo", "ts/e-" + i + ".ts"));
              if (s.isPresent()) {
                // a reader sees whole objects only, with the content that was put
                assertThat(s.get().bytes()).hasSize(size);
                assertThat(s.get().bytes()[0]).isEqualTo((byte) i);
              }
            }
            assertThat(store.count()).isBetween(0, window + 2);
            assertThat(store.totalBytes()).isBetween(0L, (long) (window + 2) * size);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      reader.start();
      readers.add(reader);
    }
    started.await();
    store.put(new SegmentKey("live/other", "ts/e-0.ts"), new byte[size]);
    for (int i = 0; i < segments; i++) {
      byte[] bytes = new byte[size];
      bytes[0] = (byte) i;
      store.put(new SegmentKey("live/demo", "ts/e-" + i + ".ts"), bytes);
      if (i >= window) {
        store.remove(new SegmentKey("live/demo", "ts/e-" + (i - window) + ".ts"));
      }
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }

    assertThat(failure.get()).isNull();
    assertThat(store.count()).isEqualTo(window + 1);
    assertThat(store.totalBytes()).isEqualTo((long) (window + 1) * size);
    store.removeStream("live/demo");
    assertThat(store.count()).isEqualTo(1);
    assertThat(store.totalBytes()).isEqualTo(size);
  }

  @Test
  void concurrentRemoveStreamAndRemoveKeepTheByteCountExact() throws Exception {
    for (int i = 0; i < 2_000; i++) {
      store.put(new SegmentKey("live/demo", "ts/e-" + i + ".ts"), new byte[10]);
    }
    CountDownLatch go = new CountDownLatch(1);
    Thread remover = new Thread(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int i = 0; i < 2_000; i++) {
        store.remove(new SegmentKey("live/demo", "ts/e-" + i + ".ts"));
      }
    });
    remover.start();
    go.countDown();
    store.removeStream("live/demo");
    remover.join();

    assertThat(store.count()).isZero();
    assertThat(store.totalBytes()).isZero();
  }

  @Test
  void listsNamesByPrefixAndReadsRanges() {
    store.put(new SegmentKey("live/a", "v/e-1.m4s"), new byte[] {5, 6, 7});
    store.put(new SegmentKey("live/a", "v/e-0.m4s"), new byte[1]);
    store.put(new SegmentKey("live/a", "a/e-0.m4s"), new byte[1]);
    store.put(new SegmentKey("live/b", "v/e-0.m4s"), new byte[1]);

    assertThat(store.list("live/a", "v/")).containsExactly("v/e-0.m4s", "v/e-1.m4s");
    assertThat(store.list("live/a", "")).hasSize(3);
    assertThat(store.read(new SegmentKey("live/a", "v/e-1.m4s"), 1, 5).orElseThrow())
        .containsExactly(6, 7);
    assertThat(store.read(new SegmentKey("live/a", "v/e-9.m4s"), 0, 5)).isEmpty();
  }

  @Test
  void sendsFromOneOffHeapCopyPerObjectWithinItsBudget() {
    InMemorySegmentStore small = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC), 5);
    SegmentKey a = new SegmentKey("live/demo", "ts/e-0.ts");
    SegmentKey b = new SegmentKey("live/demo", "ts/e-1.ts");
    small.put(a, new byte[] {1, 2, 3});
    small.put(b, new byte[] {4, 5, 6});

    ByteBuffer first = small.sendable(a, small.get(a).orElseThrow());
    first.position(2);
    ByteBuffer second = small.sendable(a, small.get(a).orElseThrow());
    assertThat(first.isDirect()).as("off-heap copy").isTrue();
    assertThat(first.isReadOnly()).isTrue();
    assertThat(second.position()).as("each caller gets its own position").isZero();
    assertThat(bytes(second)).containsExactly(1, 2, 3);
    assertThat(small.directBytes()).as("one copy however often it is sent").isEqualTo(3);

    ByteBuffer overBudget = small.sendable(b, small.get(b).orElseThrow());
    assertThat(overBudget.isDirect()).as("3 + 3 bytes exceed the budget of 5").isFalse();
    assertThat(bytes(overBudget)).containsExactly(4, 5, 6);

    small.remove(a);
    assertThat(small.directBytes()).as("the copy leaves with its object").isZero();
    assertThat(small.sendable(b, small.get(b).orElseThrow()).isDirect())
        .as("budget free again").isTrue();
  }

  @Test
  void objectsNoLongerStoredAreSentFromTheirArray() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e-0.ts");
    store.put(key, new byte[] {7, 8});
    StoredSegment stored = store.get(key).orElseThrow();
    store.removeStream("live/demo");

    ByteBuffer sent = store.sendable(key, stored);
    assertThat(sent.isDirect()).isFalse();
    assertThat(bytes(sent)).containsExactly(7, 8);
    assertThat(store.directBytes()).as("no copy of a removed object").isZero();

    StoredSegment fromDisk = new StoredSegment(new byte[] {9}, T0);
    store.put(key, new byte[] {7, 8});
    assertThat(store.sendable(key, fromDisk).isDirect())
        .as("another object than the one stored under the key").isFalse();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
