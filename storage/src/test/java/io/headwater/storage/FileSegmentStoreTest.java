package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSegmentStoreTest {
  @TempDir Path dir;

  private static final SegmentKey INIT = new SegmentKey("live/cam", "e1/v/e1-init-0.mp4");
  private static final SegmentKey SEG0 = new SegmentKey("live/cam", "e1/v/e1-0.m4s");
  private static final SegmentKey SEG1 = new SegmentKey("live/cam", "e1/a/e1-0.m4s");

  @Test
  void putGetListRemoveAndCountsSurviveReopening() throws Exception {
    FileSegmentStore store = new FileSegmentStore(dir, Durability.FSYNC);
    store.put(INIT, new byte[] {1, 2, 3});
    store.put(SEG0, new byte[100]);
    store.put(SEG1, new byte[50]);
    store.put(new SegmentKey("live/camera", "e2/v/e2-0.m4s"), new byte[7]);

    assertThat(Files.readAllBytes(dir.resolve("live/cam/e1/v/e1-init-0.mp4")))
        .containsExactly(1, 2, 3);
    assertThat(store.get(INIT).orElseThrow().bytes()).containsExactly(1, 2, 3);
    assertThat(store.list("live/cam", "")).containsExactly(
        "e1/a/e1-0.m4s", "e1/v/e1-0.m4s", "e1/v/e1-init-0.mp4");
    assertThat(store.list("live/cam", "e1/v/")).containsExactly(
        "e1/v/e1-0.m4s", "e1/v/e1-init-0.mp4");
    assertThat(store.list("live/cam", "e1/v/e1-i")).containsExactly("e1/v/e1-init-0.mp4");
    assertThat(store.list("live/none", "")).isEmpty();
    assertThat(store.count()).isEqualTo(4);
    assertThat(store.totalBytes()).isEqualTo(160);

    FileSegmentStore reopened = new FileSegmentStore(dir, Durability.NONE);
    assertThat(reopened.count()).isEqualTo(4);
    assertThat(reopened.totalBytes()).isEqualTo(160);

    reopened.remove(SEG0);
    reopened.remove(SEG0);
    assertThat(reopened.get(SEG0)).isEmpty();
    assertThat(reopened.totalBytes()).isEqualTo(60);

    reopened.removeAll("live/cam", "e1/");
    assertThat(reopened.list("live/cam", "")).isEmpty();
    assertThat(dir.resolve("live/cam")).as("empty directories are pruned").doesNotExist();
    assertThat(reopened.get(new SegmentKey("live/camera", "e2/v/e2-0.m4s"))).isPresent();
    assertThat(reopened.count()).isEqualTo(1);
  }

  @Test
  void storedObjectsAreImmutable() {
    FileSegmentStore store = new FileSegmentStore(dir, Durability.NONE);
    store.put(SEG0, new byte[] {1, 2, 3});
    store.put(SEG0, new byte[] {1, 2, 3});
    assertThat(store.count()).as("identical re-put is a no-op").isEqualTo(1);

    assertThatThrownBy(() -> store.put(SEG0, new byte[] {1, 2, 4}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("live/cam/e1/v/e1-0.m4s");
    assertThat(store.get(SEG0).orElseThrow().bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void rangeReads() {
    FileSegmentStore store = new FileSegmentStore(dir, Durability.NONE);
    store.put(SEG0, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});

    assertThat(store.read(SEG0, 2, 3).orElseThrow()).containsExactly(2, 3, 4);
    assertThat(store.read(SEG0, 8, 100).orElseThrow()).as("clipped at the end")
        .containsExactly(8, 9);
    assertThat(store.read(SEG0, 10, 5).orElseThrow()).isEmpty();
    assertThat(store.read(SEG1, 0, 5)).isEmpty();
    assertThat(store.size(SEG0)).contains(10L);
    assertThatThrownBy(() -> store.read(SEG0, -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void objectsOverTheLimitAreRefusedBeforeAllocation() throws Exception {
    FileSegmentStore store = new FileSegmentStore(dir, Durability.NONE, 1000);
    assertThatThrownBy(() -> store.put(SEG0, new byte[1001]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1001 bytes, over the store's limit of 1000");
    assertThat(store.get(SEG0)).isEmpty();

    Path big = dir.resolve("live/cam/e1/v/e1-1.m4s");
    Files.createDirectories(big.getParent());
    Files.write(big, new byte[5000]);
    assertThatThrownBy(() -> store.get(new SegmentKey("live/cam", "e1/v/e1-1.m4s")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("5000 bytes");
    assertThat(store.read(new SegmentKey("live/cam", "e1/v/e1-1.m4s"), 0, 1 << 20)
        .orElseThrow()).hasSize(1000);
  }

  @Test
  void leftoverTemporaryFilesAreInvisibleAndSweptOnOpen() throws Exception {
    Path streamDir = dir.resolve("live/cam/e1/v");
    Files.createDirectories(streamDir);
    Path leftover = streamDir.resolve(".e1-3.m4s.tmp-abc");
    Files.write(leftover, new byte[] {9, 9});

    FileSegmentStore store = new FileSegmentStore(dir, Durability.NONE);

    assertThat(leftover).doesNotExist();
    assertThat(store.count()).isZero();
    assertThat(store.list("live/cam", "")).isEmpty();
    assertThatThrownBy(() -> store.get(new SegmentKey("live/cam", "e1/v/.e1-3.m4s.tmp-abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temporary");
  }

  @Test
  void readersSeeWholeObjectsWhileTheyAreReplaced() throws Exception {
    Path file = dir.resolve("manifest.json");
    byte[] small = new byte[1000];
    byte[] large = new byte[300_000];
    java.util.Arrays.fill(small, (byte) 'a');
    java.util.Arrays.fill(large, (byte) 'b');
    AtomicFiles.write(file, small, Durability.NONE);
    java.util.concurrent.atomic.AtomicReference<String> torn =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    Thread reader = new Thread(() -> {
      try {
        while (!done.get()) {
          byte[] got = Files.readAllBytes(file);
          reads.incrementAndGet();
          boolean whole = (got.length == small.length && got[got.length - 1] == 'a')
              || (got.length == large.length && got[0] == 'b' && got[got.length - 1] == 'b');
          if (!whole) {
            torn.set("read " + got.length + " bytes");
          }
        }
      } catch (java.io.IOException e) {
        torn.set(e.toString());
      }
    });
    reader.start();
    for (int i = 0; i < 300; i++) {
      AtomicFiles.write(file, i % 2 == 0 ? large : small, Durability.NONE);
    }
    done.set(true);
    reader.join();
    assertThat(torn.get()).as("a reader saw a partial object").isNull();
    assertThat(reads.get()).isPositive();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("manifest.json");
    }
  }

  @Test
  void anUnwritableDirectoryFailsThePutWithTheFileNamed() throws Exception {
    FileSegmentStore store = new FileSegmentStore(dir, Durability.NONE);
    // A plain file where the stream's directory should be: no permission trick needed as root.
    Files.createDirectories(dir.resolve("live"));
    Files.write(dir.resolve("live/blocked"), new byte[] {1});

    assertThatThrownBy(() -> store.put(new SegmentKey("live/blocked", "e1/v/e1-0.m4s"),
        new byte[10]))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("live/blocked/e1/v/e1-0.m4s");
    assertThat(store.count()).as("nothing was stored").isZero();
  }
}
