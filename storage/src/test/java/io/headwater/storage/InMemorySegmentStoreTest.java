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
  void holdsEachObjectOnceOffTheHeapAndReadsBackItsBytes() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e1-0.ts");
    byte[] bytes = new byte[188 * 700];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    byte[] original = bytes.clone();

    store.put(key, bytes);
    java.util.Arrays.fill(bytes, (byte) 0); // the store kept no reference to the writer's array

    StoredSegment stored = store.get(key).orElseThrow();
    ByteBuffer view = stored.body();
    assertThat(view.isDirect()).as("the bytes are off the heap").isTrue();
    assertThat(stored.isDirect()).isTrue();
    assertThat(view.isReadOnly()).isTrue();
    assertThat(bytes(view)).as("the bytes read back are those stored").isEqualTo(original);
    assertThat(stored.bytes()).isEqualTo(original);
    assertThat(store.directBytes()).isEqualTo(original.length);
    assertThat(store.totalBytes()).isEqualTo(original.length);

    view.position(100).limit(200);
    ByteBuffer second = stored.body();
    assertThat(second.position()).as("each reader gets its own view").isZero();
    assertThat(second.remaining()).isEqualTo(original.length);
    assertThat(stored.asReadOnlyBuffer().isDirect()).isTrue();
    assertThat(store.read(key, 188, 4).orElseThrow())
        .as("a byte range read from the off-heap bytes")
        .isEqualTo(java.util.Arrays.copyOfRange(original, 188, 192));

    store.remove(key);
    assertThat(store.directBytes()).as("the off-heap bytes leave with their object").isZero();
    assertThat(bytes(stored.body())).as("a view taken before the removal still reads them")
        .isEqualTo(original);
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
  void keepsObjectsOnTheHeapBeyondItsOffHeapBudget() {
    InMemorySegmentStore small = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC), 5);
    SegmentKey a = new SegmentKey("live/demo", "ts/e-0.ts");
    SegmentKey b = new SegmentKey("live/demo", "ts/e-1.ts");
    SegmentKey c = new SegmentKey("live/demo", "ts/e-2.ts");
    small.put(a, new byte[] {1, 2, 3});
    small.put(b, new byte[] {4, 5, 6});

    assertThat(small.get(a).orElseThrow().isDirect()).as("within the budget of 5").isTrue();
    assertThat(small.get(b).orElseThrow().isDirect()).as("3 + 3 bytes exceed the budget of 5")
        .isFalse();
    assertThat(bytes(small.get(b).orElseThrow().body())).containsExactly(4, 5, 6);
    assertThat(small.directBytes()).isEqualTo(3);
    assertThat(small.totalBytes()).isEqualTo(6);

    small.put(a, new byte[] {1, 2, 3});
    assertThat(small.directBytes()).as("storing the same bytes again holds nothing more")
        .isEqualTo(3);

    small.remove(a);
    assertThat(small.directBytes()).as("the budget frees with its object").isZero();
    small.put(c, new byte[] {7, 8});
    assertThat(small.get(c).orElseThrow().isDirect()).as("budget free again").isTrue();
    assertThat(bytes(small.get(c).orElseThrow().body())).containsExactly(7, 8);
  }

  @Test
  void aZeroBudgetKeepsEveryObjectOnTheHeap() {
    InMemorySegmentStore heapOnly = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC), 0);
    SegmentKey key = new SegmentKey("live/demo", "ts/e-0.ts");
    heapOnly.put(key, new byte[] {9, 8, 7});

    StoredSegment stored = heapOnly.get(key).orElseThrow();
    assertThat(stored.isDirect()).isFalse();
    assertThat(bytes(stored.body())).containsExactly(9, 8, 7);
    assertThat(heapOnly.directBytes()).isZero();
  }

  @Test
  void theDefaultBudgetIsBelowTheJvmsDirectMemoryLimit() {
    String flag = "-XX:MaxDirectMemorySize=";
    boolean set = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
        .stream().anyMatch(a -> a.startsWith(flag));
    if (set) {
      assertThat(DirectMemory.maxBytes()).as("the flag's value").isPositive();
    } else {
      assertThat(DirectMemory.maxBytes()).as("without the flag, the heap's maximum")
          .isEqualTo(Runtime.getRuntime().maxMemory());
    }
    SegmentKey key = new SegmentKey("live/demo", "ts/e-0.ts");
    store.put(key, new byte[] {1});
    assertThat(store.get(key).orElseThrow().isDirect()).isTrue();
  }

  @Test
  void aPartSharesItsSegmentsBytesOnlyWhenTheyAreTheSame() {
    SegmentKey segment = new SegmentKey("live/demo", "v/e-4.m4s");
    SegmentKey part0 = new SegmentKey("live/demo", "v/e-4.0.m4s");
    SegmentKey part1 = new SegmentKey("live/demo", "v/e-4.1.m4s");
    store.put(part0, new byte[] {1, 2, 3});
    store.put(part1, new byte[] {4, 5});
    store.put(segment, new byte[] {1, 2, 3, 4, 5});
    assertThat(store.directBytes()).isEqualTo(10);

    assertThat(store.shareBytes(part1, segment, 2)).as("other bytes at offset 2").isFalse();
    assertThat(store.shareBytes(part1, segment, 4)).as("past the segment's end").isFalse();
    assertThat(store.shareBytes(part0, segment, 0)).isTrue();
    assertThat(store.shareBytes(part1, segment, 3)).isTrue();
    assertThat(store.shareBytes(part1, segment, 3)).as("already shared").isFalse();

    assertThat(bytes(store.get(part0).orElseThrow().body())).containsExactly(1, 2, 3);
    assertThat(bytes(store.get(part1).orElseThrow().body())).containsExactly(4, 5);
    assertThat(store.get(part1).orElseThrow().isDirect()).isTrue();
    assertThat(store.get(part1).orElseThrow().storedAt()).isEqualTo(T0);
    assertThat(store.directBytes()).as("the segment's bytes, once").isEqualTo(5);
    assertThat(store.totalBytes()).as("what the objects hold, as served").isEqualTo(10);

    store.remove(part0);
    store.remove(part1);
    assertThat(store.directBytes()).as("parts that share give back nothing").isEqualTo(5);
    store.remove(segment);
    assertThat(store.directBytes()).isZero();
    assertThat(store.totalBytes()).isZero();
    assertThat(store.shareBytes(part0, segment, 0)).as("absent objects").isFalse();
  }

  @Test
  void partsKeptOnTheHeapBecomeSlicesOfTheSegmentJoinedFromThem() {
    SegmentKey segment = new SegmentKey("live/demo", "v/e-4.m4s");
    SegmentKey part0 = new SegmentKey("live/demo", "v/e-4.0.m4s");
    SegmentKey part1 = new SegmentKey("live/demo", "v/e-4.1.m4s");
    byte[] chunk0 = {1, 2, 3};
    byte[] chunk1 = {4, 5};
    store.putTransient(part0, chunk0);
    store.putTransient(part1, chunk1);
    assertThat(store.get(part0).orElseThrow().isDirect()).as("the open segment's part").isFalse();
    assertThat(store.directBytes()).isZero();
    assertThat(store.totalBytes()).isEqualTo(5);

    store.putJoined(segment, List.of(chunk0, chunk1), List.of(part0, part1));

    StoredSegment whole = store.get(segment).orElseThrow();
    assertThat(whole.isDirect()).isTrue();
    assertThat(bytes(whole.body())).containsExactly(1, 2, 3, 4, 5);
    assertThat(bytes(store.get(part0).orElseThrow().body())).containsExactly(1, 2, 3);
    assertThat(bytes(store.get(part1).orElseThrow().body())).containsExactly(4, 5);
    assertThat(store.get(part1).orElseThrow().isDirect()).as("a slice of the segment").isTrue();
    assertThat(store.get(part1).orElseThrow().storedAt()).isEqualTo(T0);
    assertThat(store.directBytes()).as("the segment's bytes, once").isEqualTo(5);
    assertThat(store.totalBytes()).as("what the objects hold, as served").isEqualTo(10);

    store.putJoined(segment, List.of(new byte[] {1, 2}, new byte[] {3, 4, 5}), List.of());
    assertThat(store.get(segment).orElseThrow()).as("the same bytes again: a no-op")
        .isSameAs(whole);
    assertThatThrownBy(() -> store.putJoined(segment, List.of(chunk0, chunk0), List.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.putJoined(segment, List.of(chunk0), List.of(part0, part1)))
        .isInstanceOf(IllegalArgumentException.class);

    store.remove(part0);
    store.remove(part1);
    store.remove(segment);
    assertThat(store.directBytes()).isZero();
    assertThat(store.totalBytes()).isZero();
  }

  @Test
  void aPartStoredFromAnotherArrayKeepsItsOwnBytes() {
    SegmentKey segment = new SegmentKey("live/demo", "a/e-4.m4s");
    SegmentKey part0 = new SegmentKey("live/demo", "a/e-4.0.m4s");
    store.putTransient(part0, new byte[] {7, 7});
    store.putJoined(segment, List.of(new byte[] {9, 9}), List.of(part0));

    assertThat(bytes(store.get(part0).orElseThrow().body())).containsExactly(7, 7);
    assertThat(bytes(store.get(segment).orElseThrow().body())).containsExactly(9, 9);
  }

  @Test
  void aSegmentJoinedBeyondTheBudgetStaysOnTheHeap() {
    InMemorySegmentStore small = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC), 4);
    SegmentKey segment = new SegmentKey("live/demo", "v/e-5.m4s");
    SegmentKey part0 = new SegmentKey("live/demo", "v/e-5.0.m4s");
    byte[] chunk0 = {1, 2, 3};
    small.putTransient(part0, chunk0);
    small.putJoined(segment, List.of(chunk0, new byte[] {4, 5}),
        List.of(part0, new SegmentKey("live/demo", "v/e-5.1.m4s")));

    assertThat(small.get(segment).orElseThrow().isDirect()).isFalse();
    assertThat(bytes(small.get(segment).orElseThrow().body())).containsExactly(1, 2, 3, 4, 5);
    assertThat(bytes(small.get(part0).orElseThrow().body())).containsExactly(1, 2, 3);
    assertThat(small.directBytes()).isZero();
  }

  @Test
  void aWriterFillsTheStoresOwnBufferOffTheHeap() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e-9.ts");
    store.putWritten(key, 4, b -> b.put(new byte[] {1, 2}).put(new byte[] {3, 4}));

    StoredSegment stored = store.get(key).orElseThrow();
    assertThat(stored.isDirect()).isTrue();
    assertThat(bytes(stored.body())).containsExactly(1, 2, 3, 4);
    assertThat(store.directBytes()).isEqualTo(4);
    assertThat(store.totalBytes()).isEqualTo(4);

    store.putWritten(key, 4, b -> b.put(new byte[] {1, 2, 3, 4}));
    assertThat(store.get(key).orElseThrow()).as("the same bytes again: a no-op").isSameAs(stored);
    assertThatThrownBy(() -> store.putWritten(key, 4, b -> b.put(new byte[] {1, 2, 3, 5})))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWriterThatFallsShortStoresNothing() {
    SegmentKey key = new SegmentKey("live/demo", "ts/e-10.ts");
    assertThatThrownBy(() -> store.putWritten(key, 4, b -> b.put((byte) 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3 of 4 bytes unwritten");
    assertThatThrownBy(() -> store.putWritten(key, 2, b -> b.put(new byte[3])))
        .isInstanceOf(java.nio.BufferOverflowException.class);
    assertThat(store.get(key)).isEmpty();
    assertThat(store.directBytes()).isZero();
    assertThat(store.totalBytes()).isZero();

    InMemorySegmentStore small = new InMemorySegmentStore(Clock.fixed(T0, ZoneOffset.UTC), 2);
    small.putWritten(key, 3, b -> b.put(new byte[] {5, 6, 7}));
    assertThat(small.get(key).orElseThrow().isDirect()).as("beyond the budget").isFalse();
    assertThat(bytes(small.get(key).orElseThrow().body())).containsExactly(5, 6, 7);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
