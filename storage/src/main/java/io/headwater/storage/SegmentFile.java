package io.headwater.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stored object written to a file of {@link SegmentFiles}, with one channel kept open for
 * every response that sends it ({@code FileChannel.transferTo}, i.e. {@code sendfile(2)}, from
 * page-cache pages that all connections share).
 *
 * <p>Senders {@link #retain()} it before a send and {@link #release()} it after; the store
 * {@link #drop() drops} it with its object. The file is unlinked at once when dropped (a send in
 * flight keeps reading the open channel), and the channel is closed when the last send ends, so
 * a slow client never loses the bytes under it and no descriptor outlives its object's sends.
 */
public final class SegmentFile {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentFile.class);
  /** Low bit of {@link #state}: dropped; the rest: twice the number of sends in flight. */
  private static final int DROPPED = 1;

  private final Path path;
  private final FileChannel channel;
  private final long length;
  private final AtomicInteger state = new AtomicInteger();

  SegmentFile(Path path, FileChannel channel, long length) {
    this.path = Objects.requireNonNull(path, "path");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.length = length;
  }

  /** The open channel; read it only with positional calls (it is shared by every send). */
  public FileChannel channel() {
    return channel;
  }

  /** The object's length in bytes. */
  public long length() {
    return length;
  }

  /** Where the file is (gone once dropped). */
  public Path path() {
    return path;
  }

  /**
   * Marks one send in flight; false when the object was dropped meanwhile (then send it from
   * memory, which the caller still holds). Every true must be followed by one {@link #release()}.
   */
  public boolean retain() {
    while (true) {
      int s = state.get();
      if ((s & DROPPED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 2)) {
        return true;
      }
    }
  }

  /** Ends one send that {@link #retain()} began; the last one after a drop closes the channel. */
  public void release() {
    int s = state.addAndGet(-2);
    if (s < 0) {
      throw new IllegalStateException(path + " released more often than retained");
    }
    if (s == DROPPED) {
      close();
    }
  }

  /** Whether the channel is still open (a send in flight, or the object not dropped yet). */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /** The object left the store: unlink the file now, close the channel after the last send. */
  void drop() {
    int before = state.getAndUpdate(s -> s | DROPPED);
    if ((before & DROPPED) != 0) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete segment file {}: {}", path, e.toString());
    }
    if (before == 0) {
      close();
    }
  }

  private void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", path, e.toString());
    }
  }

  @Override
  public String toString() {
    return "SegmentFile[" + path + ", " + length + " bytes]";
  }
}
