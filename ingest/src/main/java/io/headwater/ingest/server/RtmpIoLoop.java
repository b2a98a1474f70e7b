package io.headwater.ingest.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NIO event loop ("rtmp-io-N"): a {@link Selector} and one direct read buffer serving many
 * publishing connections ({@link LoopConnection}), processing every ready key per select, with a
 * periodic scan for the read and idle timeouts instead of a timer per connection. Other threads
 * reach it only through {@link #execute} (a task queue and {@link Selector#wakeup()}). A
 * connection's failure, whatever it is, ends that connection alone; the loop itself goes on
 * until {@link #close}, which ends every connection it still serves.
 */
final class RtmpIoLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpIoLoop.class);
  static final int READ_BUFFER_BYTES = 64 * 1024;
  /** How often the timeouts of every connection are checked. */
  static final long SCAN_INTERVAL_NANOS = 500_000_000L;
  private static final long JOIN_TIMEOUT_MS = 5_000;

  private final String name;
  private final Selector selector;
  private final Thread thread;
  /** Reads land here; the decoder copies what it keeps, so one buffer serves every connection. */
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final List<Runnable> afterDeregistration = new ArrayList<>();
  /** The connections registered here; loop thread only. */
  private final Set<LoopConnection> connections = new HashSet<>();
  /** Connections adopted and not yet forgotten, for choosing the least loaded loop. */
  private final AtomicInteger load = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean exited;

  RtmpIoLoop(String name) throws IOException {
    this.name = name;
    this.selector = Selector.open();
    this.thread = new Thread(this, name);
    thread.setDaemon(true);
  }

  String name() {
    return name;
  }

  /** Connections this loop serves or is about to. */
  int load() {
    return load.get();
  }

  void start() {
    thread.start();
  }

  /** From any thread: runs {@code task} on the loop. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
    if (exited) {
      runTasksAfterExit();
    }
  }

  /** From any thread: the loop takes {@code connection} over (registers it, then serves it). */
  void adopt(LoopConnection connection) {
    load.incrementAndGet();
    execute(() -> {
      if (closed) {
        connection.finish();
        return;
      }
      connections.add(connection); // before register, which may already end or return it
      try {
        connection.register(selector);
      } catch (Throwable e) {
        connection.fail(e);
      }
    });
  }

  /** On the loop: {@code connection} has ended or left; it is no longer scanned. */
  void forget(LoopConnection connection) {
    connections.remove(connection);
    load.decrementAndGet(); // once per connection: it forgets itself once, on ending or leaving
  }

  /** On the loop: runs {@code task} once the selector has dropped the keys cancelled so far. */
  void afterDeregistration(Runnable task) {
    afterDeregistration.add(task);
  }

  @Override
  public void run() {
    long nextScan = System.nanoTime() + SCAN_INTERVAL_NANOS;
    while (!closed) {
      try {
        long waitMs = Math.max(1, (nextScan - System.nanoTime()) / 1_000_000);
        selector.select(this::onReady, waitMs);
        runTasks();
        if (!afterDeregistration.isEmpty()) {
          selector.selectNow(); // flushes cancelled keys; ready ones stay ready for the next
          selector.selectedKeys().clear();
          List<Runnable> due = new ArrayList<>(afterDeregistration);
          afterDeregistration.clear();
          due.forEach(RtmpIoLoop::runGuarded);
        }
        long now = System.nanoTime();
        if (now - nextScan >= 0) {
          scan(now);
          nextScan = now + SCAN_INTERVAL_NANOS;
        }
      } catch (Throwable e) {
        // Not one connection's failure (those are caught per key): the selector itself.
        LOG.error("{} loop iteration failed; going on", name, e);
      }
    }
    shutDown();
  }

  private void onReady(SelectionKey key) {
    LoopConnection connection = (LoopConnection) key.attachment();
    try {
      connection.onReady(readBuffer);
    } catch (Throwable e) {
      connection.fail(e);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      runGuarded(task);
    }
  }

  private static void runGuarded(Runnable task) {
    try {
      task.run();
    } catch (Throwable e) {
      LOG.error("RTMP loop task failed", e);
    }
  }

  private void scan(long nowNanos) {
    for (LoopConnection c : List.copyOf(connections)) {
      try {
        c.checkTimeouts(nowNanos);
      } catch (Throwable e) {
        c.fail(e);
      }
    }
  }

  private void shutDown() {
    runTasks();
    for (LoopConnection c : List.copyOf(connections)) {
      c.finish();
    }
    afterDeregistration.clear();
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("{} selector close failed: {}", name, e.toString());
    }
    exited = true;
    runTasksAfterExit();
  }

  /** Tasks queued after the loop ended (adoptions racing the shutdown) run on their caller. */
  private synchronized void runTasksAfterExit() {
    runTasks();
  }

  /** Ends the loop and every connection it serves; waits for its thread. */
  void close() {
    closed = true;
    selector.wakeup();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(JOIN_TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
