package io.headwater.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread driving many {@link NioViewer}s: starts each viewer's cycle when it is due,
 * reacts to its socket's readiness, and ends requests that outlive {@link NioViewer#TIMEOUT_NANOS}.
 * Response bodies are read into one reused direct buffer and dropped (playlists excepted), so the
 * thread's cost is the kernel's copy of the bytes, not the Java heap's.
 */
final class ViewerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerLoop.class);
  private static final int READ_BUFFER_BYTES = 256 * 1024;
  private static final long TIMEOUT_SCAN_NANOS = 100_000_000L;
  private static final int ERRORS_LOGGED = 10;

  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private final long reloadNanos;
  private final LatencyLog playlistMs;
  private final LatencyLog segmentMs;
  /** How late cycles started: the loop's own lateness, which no request latency includes. */
  private final LatencyLog startLagMs = new LatencyLog();
  private final List<NioViewer> viewers = new ArrayList<>();
  private final PriorityQueue<NioViewer> waiting =
      new PriorityQueue<>((a, b) -> Long.compare(a.nextCycleNanos, b.nextCycleNanos));
  private volatile boolean stopped;
  /** Written by the loop's thread only; volatile so that others may watch them. */
  private volatile long errors;
  private volatile long bytes;

  ViewerLoop(long reloadNanos, LatencyLog playlistMs, LatencyLog segmentMs) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.reloadNanos = reloadNanos;
    this.playlistMs = playlistMs;
    this.segmentMs = segmentMs;
  }

  /** Adds a viewer whose first cycle starts at {@code firstCycleNanos}; before {@link #run}. */
  void add(NioViewer viewer, long firstCycleNanos) {
    viewer.nextCycleNanos = firstCycleNanos;
    viewers.add(viewer);
    waiting.add(viewer);
  }

  /** Asks the loop to end; it closes its connections on the way out. */
  void stop() {
    stopped = true;
    selector.wakeup();
  }

  /** Errors counted so far. */
  long errors() {
    return errors;
  }

  /** Body bytes received so far. */
  long bytes() {
    return bytes;
  }

  LatencyLog startLagLog() {
    return startLagMs;
  }

  LatencyLog playlistLog() {
    return playlistMs;
  }

  LatencyLog segmentLog() {
    return segmentMs;
  }

  Selector selector() {
    return selector;
  }

  ByteBuffer readBuffer() {
    return readBuffer;
  }

  long reloadNanos() {
    return reloadNanos;
  }

  /** A viewer's cycle ended; it waits for its next one. */
  void waitForCycle(NioViewer viewer) {
    waiting.add(viewer);
  }

  /** One answered request: its time from start to last byte and its body's size. */
  void record(boolean playlist, double ms, long bodyBytes) {
    (playlist ? playlistMs : segmentMs).add(ms);
    bytes += bodyBytes;
  }

  void error(String why) {
    errors++;
    if (errors <= ERRORS_LOGGED) {
      LOG.warn("viewer request failed: {}", why);
    }
  }

  @Override
  public void run() {
    long lastScan = System.nanoTime();
    try {
      while (!stopped) {
        long now = System.nanoTime();
        while (!waiting.isEmpty() && waiting.peek().nextCycleNanos <= now) {
          NioViewer due = waiting.poll();
          startLagMs.add((now - due.nextCycleNanos) / 1e6);
          due.startCycle(now);
        }
        if (now - lastScan >= TIMEOUT_SCAN_NANOS) {
          lastScan = now;
          for (NioViewer v : viewers) {
            if (v.timedOut(now)) {
              v.fail("no answer within " + NioViewer.TIMEOUT_NANOS / 1_000_000 + " ms");
            }
          }
        }
        long untilNext = waiting.isEmpty() ? TIMEOUT_SCAN_NANOS
            : Math.min(TIMEOUT_SCAN_NANOS, waiting.peek().nextCycleNanos - System.nanoTime());
        if (untilNext <= 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, untilNext / 1_000_000));
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid()) {
            ((NioViewer) key.attachment()).onReady(key);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      LOG.warn("viewer loop stopped: {}", e.toString());
    } finally {
      viewers.forEach(NioViewer::close);
      try {
        selector.close();
      } catch (IOException ignored) {
        // ending the run
      }
    }
  }
}
