package io.headwater.bench.load;

import io.headwater.ingest.RtmpProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay in front of an RTMP server's port: forwards one publisher's connection byte for
 * byte both ways, and times the arrival at the server of every video and audio message the
 * publisher sends ({@link RtmpTap}): each read from the publisher is stamped with
 * {@link System#nanoTime} and written on to the server, then parsed, so the parsing never delays
 * the forwarding, and the stamp is at most the write (a loopback copy, microseconds) before the
 * server could read the bytes. One publisher connection, then the relay stops accepting.
 */
final class RtmpRelay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpRelay.class);
  private static final int BUFFER_BYTES = 64 * 1024;
  /** Most bytes of the publisher's stream kept with {@code --record}. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final Path recordOrNull;
  private final List<VideoArrival> arrivals = new ArrayList<>();
  private final List<AudioArrival> audioArrivals = new ArrayList<>();
  private final CountDownLatch publisherGone = new CountDownLatch(1);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private volatile long publisherGoneNanos;

  /**
   * Listens on {@code listen}; forwards to {@code upstream}; when {@code recordOrNull} is set,
   * writes the publisher's bytes (at most {@link #MAX_RECORD_BYTES}) there for tests.
   */
  RtmpRelay(InetSocketAddress listen, InetSocketAddress upstream, Path recordOrNull)
      throws IOException {
    this.listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(listen);
    this.upstream = upstream;
    this.recordOrNull = recordOrNull;
    Thread accept = new Thread(this::acceptOne, "relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** The port the relay listens on. */
  int port() {
    return listener.getLocalPort();
  }

  /** The video messages seen so far, in arrival order. */
  synchronized List<VideoArrival> arrivals() {
    return List.copyOf(arrivals);
  }

  /** The audio messages seen so far, in arrival order. */
  synchronized List<AudioArrival> audioArrivals() {
    return List.copyOf(audioArrivals);
  }

  /** Waits until the publisher's connection ended; returns false on timeout. */
  boolean awaitPublisherGone(long timeoutMs) throws InterruptedException {
    return publisherGone.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** When the publisher's connection ended (nanoTime), or 0 while it lasts. */
  long publisherGoneNanos() {
    return publisherGoneNanos;
  }

  /** Why the tap stopped parsing (the relay still forwarded), or null. */
  String failure() {
    return failure.get();
  }

  private void acceptOne() {
    try (Socket client = listener.accept(); Socket server = new Socket()) {
      listener.close();
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(upstream, 10_000);
      LOG.info("relay: publisher {} -> server {}", client.getRemoteSocketAddress(), upstream);
      Thread back = new Thread(() -> copy(server, client), "relay-server-to-publisher");
      back.setDaemon(true);
      back.start();
      forwardAndTap(client, server);
    } catch (IOException e) {
      if (!listener.isClosed() || publisherGoneNanos == 0) {
        LOG.info("relay: connection ended: {}", e.toString());
      }
    } finally {
      publisherGoneNanos = System.nanoTime();
      publisherGone.countDown();
    }
  }

  private void forwardAndTap(Socket client, Socket server) throws IOException {
    RtmpTap tap = new RtmpTap();
    InputStream in = client.getInputStream();
    OutputStream out = server.getOutputStream();
    OutputStream record = recordOrNull == null ? null : Files.newOutputStream(recordOrNull);
    long recorded = 0;
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        // Stamped before the write: the server cannot have these bytes earlier, so a delay
        // measured from here is never under-estimated (stamped after it, a relay thread
        // preempted between the write and the clock read made listings appear to come first).
        long now = System.nanoTime();
        out.write(buf, 0, n);
        if (failure.get() == null) {
          try {
            List<AudioArrival> audio = new ArrayList<>();
            List<VideoArrival> videos = tap.accept(buf, 0, n, now, audio);
            synchronized (this) {
              arrivals.addAll(videos);
              audioArrivals.addAll(audio);
            }
          } catch (RtmpProtocolException e) {
            failure.set(e.getMessage());
            LOG.warn("relay: stopped parsing the publisher's stream: {}", e.getMessage());
          }
        }
        if (record != null && recorded < MAX_RECORD_BYTES) {
          int keep = (int) Math.min(n, MAX_RECORD_BYTES - recorded);
          record.write(buf, 0, keep);
          recorded += keep;
        }
      }
    } finally {
      if (record != null) {
        record.close();
      }
      LOG.info("relay: publisher closed after {} video messages, chunk size {}",
          tap.videoMessages(), tap.chunkSize());
    }
  }

  private static void copy(Socket from, Socket to) {
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // the other direction ends the connection and logs it
    } finally {
      try {
        to.close(); // the server hung up: end the publisher's side too
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
