package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life of segment files: written on first send, deleted with their object, runs cleaned. */
class SegmentFilesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T11:40:00Z"), ZoneOffset.UTC);
  private static final SegmentKey SEG = new SegmentKey("live/cam1", "ts/e1-7.ts");

  @TempDir Path parent;
  private SegmentFiles files;
  private InMemorySegmentStore store;

  @BeforeEach
  void open() throws IOException {
    files = SegmentFiles.open(parent);
    store = new InMemorySegmentStore(CLOCK, InMemorySegmentStore.DEFAULT_DIRECT_BUDGET_BYTES,
        files);
  }

  @AfterEach
  void close() {
    files.close();
  }

  private static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] read(SegmentFile file) throws IOException {
    ByteBuffer all = ByteBuffer.allocate((int) file.length());
    while (all.hasRemaining()) {
      if (file.channel().read(all, all.position()) < 0) {
        break;
      }
    }
    return all.array();
  }

  private List<Path> segmentFilesOnDisk() throws IOException {
    try (Stream<Path> listing = Files.list(files.directory())) {
      return listing.filter(p -> !p.getFileName().toString().equals(SegmentFiles.LOCK_FILE))
          .toList();
    }
  }

  @Test
  void firstSendWritesOneFileWithTheObjectsBytes() throws IOException {
    byte[] payload = bytes(200_000, 3);
    store.put(SEG, payload);
    assertThat(segmentFilesOnDisk()).as("nothing written before a send").isEmpty();

    StoredSegment seg = store.get(SEG).orElseThrow();
    SegmentFile file = store.sendableFile(SEG, seg);

    assertThat(file).isNotNull();
    assertThat(file.length()).isEqualTo(200_000);
    assertThat(read(file)).isEqualTo(payload);
    assertThat(Files.readAllBytes(file.path())).isEqualTo(payload);
    assertThat(store.sendableFile(SEG, seg)).as("one file per object").isSameAs(file);
    assertThat(segmentFilesOnDisk()).containsExactly(file.path());
    assertThat(file.path().getFileName().toString()).endsWith("live_cam1_ts_e1-7.ts");
  }

  @Test
  void removingTheObjectDeletesItsFileAndClosesItsChannel() throws IOException {
    store.put(SEG, bytes(1000, 1));
    SegmentFile file = store.sendableFile(SEG, store.get(SEG).orElseThrow());

    store.remove(SEG);

    assertThat(Files.exists(file.path())).isFalse();
    assertThat(file.isOpen()).isFalse();
    assertThat(file.retain()).as("a dropped file serves no new send").isFalse();
    assertThat(segmentFilesOnDisk()).isEmpty();
  }

  @Test
  void aSendInFlightKeepsReadingAfterTheObjectIsDropped() throws IOException {
    byte[] payload = bytes(50_000, 9);
    store.put(SEG, payload);
    SegmentFile file = store.sendableFile(SEG, store.get(SEG).orElseThrow());
    assertThat(file.retain()).isTrue();
    assertThat(file.retain()).isTrue();

    store.remove(SEG);

    assertThat(Files.exists(file.path())).as("unlinked at once").isFalse();
    assertThat(file.isOpen()).as("open while sends are in flight").isTrue();
    assertThat(read(file)).isEqualTo(payload);
    file.release();
    assertThat(file.isOpen()).isTrue();
    file.release();
    assertThat(file.isOpen()).as("closed by the last send's end").isFalse();
  }

  @Test
  void removingAStreamDeletesOnlyItsFiles() throws IOException {
    SegmentKey other = new SegmentKey("live/cam2", "ts/e1-7.ts");
    store.put(SEG, bytes(100, 1));
    store.put(other, bytes(100, 2));
    SegmentFile mine = store.sendableFile(SEG, store.get(SEG).orElseThrow());
    SegmentFile theirs = store.sendableFile(other, store.get(other).orElseThrow());

    store.removeStream("live/cam1");

    assertThat(mine.isOpen()).isFalse();
    assertThat(theirs.isOpen()).isTrue();
    assertThat(segmentFilesOnDisk()).containsExactly(theirs.path());
  }

  @Test
  void noFileForAnObjectTheStoreDoesNotHold() {
    store.put(SEG, bytes(100, 1));
    StoredSegment elsewhere = new StoredSegment(bytes(100, 1), CLOCK.instant());

    assertThat(store.sendableFile(SEG, elsewhere)).isNull();
    assertThat(store.sendableFile(new SegmentKey("live/cam1", "ts/e1-8.ts"), elsewhere)).isNull();
    InMemorySegmentStore memoryOnly = new InMemorySegmentStore(CLOCK);
    memoryOnly.put(SEG, bytes(100, 1));
    assertThat(memoryOnly.sendableFile(SEG, memoryOnly.get(SEG).orElseThrow())).isNull();
  }

  @Test
  void anObjectWhoseFileCannotBeWrittenIsSentFromMemory() throws IOException {
    store.put(SEG, bytes(5000, 4));
    StoredSegment seg = store.get(SEG).orElseThrow();
    // What a full tmpfs does to a write: the directory is gone, so the file cannot be made.
    Files.delete(files.directory().resolve(SegmentFiles.LOCK_FILE));
    Files.delete(files.directory());

    assertThat(store.sendableFile(SEG, seg)).isNull();
    ByteBuffer fromMemory = store.sendable(SEG, seg);
    byte[] sent = new byte[fromMemory.remaining()];
    fromMemory.get(sent);
    assertThat(sent).isEqualTo(seg.bytes());
  }

  @Test
  void closeDeletesTheRunDirectory() throws IOException {
    store.put(SEG, bytes(100, 1));
    store.sendableFile(SEG, store.get(SEG).orElseThrow());
    Path run = files.directory();

    files.close();

    assertThat(Files.exists(run)).isFalse();
  }

  @Test
  void openDeletesRunsOfEndedProcessesAndKeepsLiveOnes() throws IOException {
    Path ended = Files.createDirectory(parent.resolve(SegmentFiles.RUN_PREFIX + "ended"));
    Files.write(ended.resolve("3-live_cam1_ts_e0-3.ts"), bytes(10, 1));
    Files.createFile(ended.resolve(SegmentFiles.LOCK_FILE)); // nobody holds its lock
    Path unrelated = Files.createDirectory(parent.resolve("keep-me"));

    try (SegmentFiles second = SegmentFiles.open(parent)) {
      assertThat(Files.exists(ended)).as("an ended run's files are deleted").isFalse();
      assertThat(Files.exists(files.directory())).as("a live run (this JVM) stays").isTrue();
      assertThat(Files.exists(unrelated)).isTrue();
      assertThat(second.directory()).isNotEqualTo(files.directory());
      // the first run's lock still holds: a third open still leaves it alone
      try (SegmentFiles third = SegmentFiles.open(parent)) {
        assertThat(Files.exists(files.directory())).isTrue();
        assertThat(Files.exists(second.directory())).isTrue();
      }
    }
  }

  @Test
  void anUnusableDirectoryMeansMemoryOnly() throws IOException {
    Path notADirectory = Files.write(parent.resolve("plain-file"), new byte[] {1});

    assertThat(SegmentFiles.openOrWarn(notADirectory)).isEmpty();
    assertThat(SegmentFiles.openOrWarn(notADirectory.resolve("below"))).isEmpty();
  }
}
