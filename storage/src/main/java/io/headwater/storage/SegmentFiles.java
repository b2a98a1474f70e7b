package io.headwater.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory for {@link SegmentFile}s: copies of live objects that responses send with
 * {@code sendfile(2)}. Meant for a tmpfs ({@code /dev/shm}) or any directory whose files stay in
 * the page cache; nothing is synced, since the files die with the process's objects.
 *
 * <p>Each origin writes into its own {@code run-*} subdirectory, locked for its lifetime, so that
 * several origins can share the parent; at start, the subdirectories of runs that are gone (their
 * lock is free) are deleted, and {@link #close()} deletes this run's.
 */
public final class SegmentFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
  static final String RUN_PREFIX = "run-";
  static final String LOCK_FILE = "lock";
  /** A run directory without a lock file this old was left half made, not being made now. */
  private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);
  /**
   * Run directories of this JVM: never probed with a lock of our own, since closing any channel
   * of a locked file drops the process's lock on it (POSIX fcntl locks; FileLock's Javadoc).
   */
  private static final Set<Path> OWN_RUNS = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final AtomicLong counter = new AtomicLong();

  private SegmentFiles(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Makes {@code parent} (if needed) and a locked run directory in it, after deleting the run
   * directories of earlier processes.
   *
   * @throws IOException when {@code parent} cannot be made or written
   */
  public static SegmentFiles open(Path parent) throws IOException {
    Objects.requireNonNull(parent, "parent");
    Files.createDirectories(parent);
    removeStaleRuns(parent);
    Path dir = Files.createTempDirectory(parent, RUN_PREFIX).toAbsolutePath();
    FileChannel lockChannel = null;
    try {
      lockChannel = FileChannel.open(dir.resolve(LOCK_FILE),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        throw new IOException("cannot lock " + dir.resolve(LOCK_FILE));
      }
      OWN_RUNS.add(dir);
      return new SegmentFiles(dir, lockChannel, lock);
    } catch (IOException | RuntimeException e) {
      if (lockChannel != null) {
        lockChannel.close();
      }
      deleteTree(dir);
      throw e;
    }
  }

  /**
   * {@link #open} that logs one WARN line and gives empty when {@code parent} is not usable, so
   * the origin sends from memory instead.
   */
  public static Optional<SegmentFiles> openOrWarn(Path parent) {
    try {
      SegmentFiles files = open(parent);
      LOG.info("segment files in {}: live objects are sent with sendfile from there",
          files.directory());
      return Optional.of(files);
    } catch (IOException | RuntimeException e) {
      LOG.warn("segment files directory {} is not usable ({}); live objects are sent from memory",
          parent, e.toString());
      return Optional.empty();
    }
  }

  /** This run's directory. */
  public Path directory() {
    return dir;
  }

  /**
   * Writes {@code bytes} to a new file of this run and opens it for sending.
   *
   * @throws IOException when the file cannot be written in whole (a full tmpfs, for one); nothing
   *     of it is left then
   */
  SegmentFile write(SegmentKey key, byte[] bytes) throws IOException {
    Path path = dir.resolve(counter.incrementAndGet() + "-" + fileName(key));
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      ByteBuffer src = ByteBuffer.wrap(bytes);
      while (src.hasRemaining()) {
        channel.write(src, src.position());
      }
      return new SegmentFile(path, channel, bytes.length);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  /** {@code app_stream_v_name.m4s}: readable in a listing; the counter makes it unique. */
  private static String fileName(SegmentKey key) {
    return (key.stream() + "_" + key.name()).replace('/', '_');
  }

  /** Deletes this run's directory and the files left in it (those of objects still stored). */
  @Override
  public void close() {
    OWN_RUNS.remove(dir);
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("releasing {}: {}", dir, e.toString());
    }
    deleteTree(dir);
  }

  private static void removeStaleRuns(Path parent) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(parent, RUN_PREFIX + "*")) {
      for (Path run : runs) {
        if (Files.isDirectory(run) && isStale(run)) {
          deleteTree(run);
          removed++;
        }
      }
    }
    if (removed > 0) {
      LOG.info("deleted {} segment-file directories of earlier runs in {}", removed, parent);
    }
  }

  private static boolean isStale(Path run) {
    if (OWN_RUNS.contains(run.toAbsolutePath())) {
      return false;
    }
    Path lockFile = run.resolve(LOCK_FILE);
    try {
      if (!Files.exists(lockFile)) {
        Instant made = Files.getLastModifiedTime(run).toInstant();
        return made.isBefore(Instant.now().minus(UNLOCKED_GRACE));
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock probe = channel.tryLock();
        if (probe == null) {
          return false; // another live process holds it
        }
        probe.release();
        return true;
      }
    } catch (OverlappingFileLockException e) {
      return false; // held in this JVM
    } catch (IOException e) {
      LOG.debug("cannot probe {}: {}", run, e.toString());
      return false;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.toString());
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot delete {}: {}", root, e.toString());
    }
  }
}
