package io.headwater.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SegmentStore} of files under one root directory: the object {@code app/stream} +
 * {@code name} is the file {@code ROOT/app/stream/name}. Paths are safe because {@link SegmentKey}
 * admits only {@code [A-Za-z0-9._-]} components and no {@code .} or {@code ..}; names whose last
 * component starts with {@code '.'} are refused here, since those are the store's temporary files.
 *
 * <p>Writes go through {@link AtomicFiles}: a temporary name, a flush according to the {@link
 * Durability} policy, then an atomic rename, so a reader (or a server restarted after {@code kill
 * -9}) sees an object whole or not at all. Opening the store deletes the temporary files left by
 * writes a crash interrupted.
 *
 * <p>Bounded: objects larger than {@code maxObjectBytes} are refused on {@code put} and on {@code
 * get}, before any array of that size is allocated. I/O errors (disk full, permissions) surface as
 * {@link UncheckedIOException}. Safe for one writer per stream and any number of readers.
 */
public final class FileSegmentStore implements SegmentStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileSegmentStore.class);

  /** The default largest object: generous for a segment of a high-bitrate stream. */
  public static final int DEFAULT_MAX_OBJECT_BYTES = 64 << 20;

  private final Path root;
  private final Durability durability;
  private final int maxObjectBytes;
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong count = new AtomicLong();

  /**
   * Opens (creating it when needed) the store at {@code root}, removes leftover temporary files
   * and counts what it holds.
   *
   * @throws UncheckedIOException when the directory cannot be created or read
   */
  public FileSegmentStore(Path root, Durability durability, int maxObjectBytes) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.durability = Objects.requireNonNull(durability, "durability");
    if (maxObjectBytes <= 0) {
      throw new IllegalArgumentException("maxObjectBytes " + maxObjectBytes);
    }
    this.maxObjectBytes = maxObjectBytes;
    try {
      Files.createDirectories(this.root);
      int swept = AtomicFiles.sweepTemporaries(this.root);
      if (swept > 0) {
        LOG.info("file store {} removed {} unfinished temporary files", this.root, swept);
      }
      try (Stream<Path> files = Files.walk(this.root)) {
        files.filter(Files::isRegularFile).forEach(f -> {
          count.incrementAndGet();
          totalBytes.addAndGet(sizeOrZero(f));
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open file store " + this.root, e);
    }
  }

  /** A store with {@link #DEFAULT_MAX_OBJECT_BYTES}. */
  public FileSegmentStore(Path root, Durability durability) {
    this(root, durability, DEFAULT_MAX_OBJECT_BYTES);
  }

  /** The root directory (absolute). */
  public Path root() {
    return root;
  }

  /** The file that holds (or would hold) {@code key}. */
  public Path pathOf(SegmentKey key) {
    String name = key.name();
    String last = name.substring(name.lastIndexOf('/') + 1);
    if (last.startsWith(".")) {
      throw new IllegalArgumentException("object name '" + name
          + "' starts with '.', which the file store keeps for temporary files");
    }
    return root.resolve(key.stream()).resolve(name);
  }

  @Override
  public void put(SegmentKey key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Path file = pathOf(key);
    if (bytes.length > maxObjectBytes) {
      throw new IllegalArgumentException(key + " is " + bytes.length
          + " bytes, over the store's limit of " + maxObjectBytes);
    }
    Optional<StoredSegment> existing = get(key);
    if (existing.isPresent()) {
      if (existing.get().holds(bytes)) {
        return;
      }
      throw new IllegalStateException(key + " already holds " + existing.get().sizeBytes()
          + " different bytes; stored objects are immutable");
    }
    try {
      AtomicFiles.write(file, bytes, durability);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    count.incrementAndGet();
    totalBytes.addAndGet(bytes.length);
    LOG.debug("stored {} ({} bytes)", key, bytes.length);
  }

  @Override
  public Optional<StoredSegment> get(SegmentKey key) {
    Path file = pathOf(key);
    try {
      long size = Files.size(file);
      if (size > maxObjectBytes) {
        throw new IllegalStateException(file + " is " + size
            + " bytes, over the store's limit of " + maxObjectBytes);
      }
      // Objects are replaced only by a whole rename, so the size read above still holds.
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(new StoredSegment(bytes, Files.getLastModifiedTime(file).toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public Optional<byte[]> read(SegmentKey key, long offset, int maxLength) {
    if (offset < 0 || maxLength < 0) {
      throw new IllegalArgumentException("range offset " + offset + " length " + maxLength);
    }
    Path file = pathOf(key);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long available = Math.max(0, size - offset);
      int length = (int) Math.min(Math.min(available, maxLength), maxObjectBytes);
      ByteBuffer buffer = ByteBuffer.allocate(length);
      long position = offset;
      while (buffer.hasRemaining()) {
        int n = ch.read(buffer, position);
        if (n < 0) {
          break;
        }
        position += n;
      }
      return Optional.of(buffer.position() == length ? buffer.array()
          : Arrays.copyOf(buffer.array(), buffer.position()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The size of the object under {@code key}, or empty when absent. */
  public Optional<Long> size(SegmentKey key) {
    Path file = pathOf(key);
    try {
      return Optional.of(Files.size(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public void remove(SegmentKey key) {
    Path file = pathOf(key);
    try {
      long size = sizeOrZero(file);
      if (Files.deleteIfExists(file)) {
        count.decrementAndGet();
        totalBytes.addAndGet(-size);
        pruneEmptyParents(file.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  @Override
  public void removeStream(String stream) {
    SegmentKey.validateStream(stream);
    for (String name : list(stream, "")) {
      remove(new SegmentKey(stream, name));
    }
  }

  /** Removes every object of {@code stream} whose name starts with {@code namePrefix}. */
  public void removeAll(String stream, String namePrefix) {
    for (String name : list(stream, namePrefix)) {
      remove(new SegmentKey(stream, name));
    }
  }

  @Override
  public List<String> list(String stream, String namePrefix) {
    SegmentKey.validateStream(stream);
    Objects.requireNonNull(namePrefix, "namePrefix");
    Path streamDir = root.resolve(stream);
    int slash = namePrefix.lastIndexOf('/');
    // Start at the deepest directory the prefix names; SegmentKey rules keep it inside the root.
    Path start = slash < 0 ? streamDir
        : streamDir.resolve(new SegmentKey(stream, namePrefix.substring(0, slash)).name());
    List<String> names = new ArrayList<>();
    try {
      collect(streamDir, start, namePrefix, names);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + start, e);
    }
    Collections.sort(names);
    return names;
  }

  private static void collect(Path streamDir, Path dir, String prefix, List<String> out)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          collect(streamDir, entry, prefix, out);
        } else if (!AtomicFiles.isTemporary(entry)) {
          String name = streamDir.relativize(entry).toString().replace('\\', '/');
          if (name.startsWith(prefix)) {
            out.add(name);
          }
        }
      }
    }
  }

  @Override
  public long totalBytes() {
    return totalBytes.get();
  }

  @Override
  public int count() {
    return (int) Math.min(Integer.MAX_VALUE, count.get());
  }

  /** Deletes now-empty directories from {@code dir} up to, not including, the root. */
  private void pruneEmptyParents(Path dir) throws IOException {
    Path current = dir;
    while (current != null && current.startsWith(root) && !current.equals(root)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(current)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      } catch (NoSuchFileException e) {
        return;
      }
      try {
        Files.delete(current);
      } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
        return; // another remove or a concurrent put got there first
      }
      current = current.getParent();
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
