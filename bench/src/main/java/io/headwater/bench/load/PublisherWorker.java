package io.headwater.bench.load;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a group of publishing connections from one thread: every {@code batchNanos} (or at the
 * next due time when that is later) it appends each stream's tags now due
 * ({@code start + (loop * loopMs + tagMs) / speed}) to the stream's outbox and writes them with
 * one call, then waits on a selector for writability, input or the next round. A tag leaves at
 * most one round late; one write per stream and round instead of one per tag keeps the tool's
 * own CPU small beside the server's.
 */
final class PublisherWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PublisherWorker.class);

  private final FlvLoop file;
  private final List<PublishedStream> streams;
  private final double speed;
  private final long endNanos;
  private final long batchNanos;
  private final Selector selector;
  /** Rounds done: wake-ups that queued and wrote the tags due; read after the thread ends. */
  long rounds;

  PublisherWorker(FlvLoop file, List<PublishedStream> streams, double speed, long endNanos,
      long batchNanos) throws IOException {
    this.file = file;
    this.streams = streams;
    this.speed = speed;
    this.endNanos = endNanos;
    this.batchNanos = batchNanos;
    this.selector = Selector.open();
    for (PublishedStream s : streams) {
      s.client.channel().register(selector, SelectionKey.OP_READ, s);
    }
  }

  @Override
  public void run() {
    try {
      long nextRound = 0;
      while (System.nanoTime() < endNanos) {
        long now = System.nanoTime();
        if (now >= nextRound) {
          long nextDue = endNanos;
          for (PublishedStream s : streams) {
            if (s.failed) {
              continue;
            }
            nextDue = Math.min(nextDue, pump(s, now));
          }
          rounds++;
          nextRound = Math.max(nextDue, now + batchNanos);
        }
        long waitMs = Math.max(1, (nextRound - System.nanoTime() + 999_999) / 1_000_000);
        selector.select(waitMs);
        for (SelectionKey key : selector.selectedKeys()) {
          PublishedStream s = (PublishedStream) key.attachment();
          try {
            if (key.isValid() && key.isReadable() && !s.client.drain()) {
              fail(s, key, "server closed the connection");
            } else if (key.isValid() && key.isWritable() && s.client.flush(System.nanoTime())) {
              key.interestOps(SelectionKey.OP_READ);
            }
          } catch (IOException e) {
            fail(s, key, e.getMessage());
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      LOG.warn("publisher worker stopped: {}", e.toString());
    } finally {
      for (PublishedStream s : streams) {
        try {
          s.client.close();
        } catch (IOException ignored) {
          // ending the run; the server sees the close either way
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // ending the run
      }
    }
  }

  /** Queues the tags now due and flushes; returns the next tag's due time. */
  private long pump(PublishedStream s, long now) {
    List<FlvLoop.Tag> tags = file.tags();
    while (true) {
      FlvLoop.Tag tag = tags.get(s.nextTag);
      long mediaMs = s.loop * file.loopMs() + tag.timestampMs();
      long due = s.startNanos + (long) (mediaMs * 1_000_000 / speed);
      if (due > now) {
        break;
      }
      s.maxLagNanos = Math.max(s.maxLagNanos, now - due);
      if (tag.typeId() == 18 && s.loop > 0) {
        advance(s, tags.size()); // onMetaData once per stream, as an encoder sends it
        continue;
      }
      try {
        s.client.queue(tag, mediaMs);
      } catch (IOException e) {
        fail(s, s.client.channel().keyFor(selector), e.getMessage());
        return Long.MAX_VALUE;
      }
      if (tag.keyframe()) {
        s.keyframeSentNanos.put(mediaMs, now);
      }
      s.sentMediaMs = mediaMs;
      advance(s, tags.size());
    }
    try {
      if (s.client.hasPending() && !s.client.flush(now)) {
        SelectionKey key = s.client.channel().keyFor(selector);
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      fail(s, s.client.channel().keyFor(selector), e.getMessage());
    }
    FlvLoop.Tag next = tags.get(s.nextTag);
    return s.startNanos
        + (long) ((s.loop * file.loopMs() + next.timestampMs()) * 1_000_000 / speed);
  }

  private static void advance(PublishedStream s, int tagCount) {
    s.nextTag++;
    if (s.nextTag == tagCount) {
      s.nextTag = 0;
      s.loop++;
    }
  }

  private static void fail(PublishedStream s, SelectionKey key, String why) {
    if (!s.failed) {
      LOG.warn("publisher {} failed: {}", s.name, why);
    }
    s.failed = true;
    if (key != null) {
      key.cancel();
    }
  }
}
