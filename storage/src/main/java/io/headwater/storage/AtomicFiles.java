package io.headwater.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes whole files so that a reader sees either the old content (or no file) or the complete
 * new content, never a part: bytes go to a hidden temporary name in the same directory
 * ({@code .NAME.tmp-RANDOM}), are flushed according to a {@link Durability}, and are renamed over
 * the target with {@link StandardCopyOption#ATOMIC_MOVE} (POSIX {@code rename(2)} replaces the
 * target atomically). A process killed mid-write leaves at most a temporary file, which
 * {@link #isTemporary} recognizes and {@link #sweepTemporaries} removes.
 */
public final class AtomicFiles {
  private static final String TEMP_MARK = ".tmp-";

  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code target}, replacing it atomically when it exists; creates the
   * parent directories.
   *
   * @throws IOException when the directory is not writable, the disk is full, or the file system
   *     cannot rename atomically
   */
  public static void write(Path target, byte[] bytes, Durability durability) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + target.getFileName() + TEMP_MARK
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        if (durability == Durability.FSYNC) {
          ch.force(true);
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw new IOException("the file system of " + dir + " cannot rename atomically", e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    if (durability == Durability.FSYNC) {
      forceDirectory(dir);
    }
  }

  /** Whether {@code file} is a temporary file of an unfinished {@link #write}. */
  public static boolean isTemporary(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") && name.contains(TEMP_MARK);
  }

  /**
   * Deletes the temporary files that writes interrupted by a crash left in {@code dir} and its
   * subdirectories.
   *
   * @return how many were deleted
   */
  public static int sweepTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          deleted += sweepTemporaries(entry);
        } else if (isTemporary(entry) && Files.deleteIfExists(entry)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /** Makes a rename in {@code dir} durable (fsync of the directory, as POSIX requires). */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
