package io.headwater.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One simulated player on one keep-alive connection, driven without blocking by a
 * {@link ViewerLoop}: a cycle reloads the media playlist, then fetches each of the last three
 * listed segments not fetched yet (RFC 8216 6.3.3: a client starts near the live edge, then
 * follows every new segment), one request at a time; the next cycle starts the reload interval
 * after this one ended. Each request is timed from the moment it is started (the connect
 * included when the connection is new) to its last byte. A kept-alive connection the server
 * closed before answering is reopened once, as a player's HTTP stack does.
 */
final class NioViewer {
  /** A request with no complete answer after this long counts as an error. */
  static final long TIMEOUT_NANOS = 10_000_000_000L;

  private final ViewerLoop loop;
  private final InetSocketAddress server;
  private final InetSocketAddress localOrNull;
  private final String host;
  private final String playlistPath;
  private final String base;
  private final ResponseParser parser = new ResponseParser();
  private final ArrayDeque<String> toFetch = new ArrayDeque<>();
  private SocketChannel channel;
  private SelectionKey key;
  private ByteBuffer request;
  private boolean playlistRequest;
  private String path;
  private boolean inFlight;
  private boolean reused;
  private boolean retried;
  private long startNanos;
  private long lastFetched = -1;
  /** When the next cycle starts; valid while the viewer waits for it. */
  long nextCycleNanos;

  NioViewer(ViewerLoop loop, InetSocketAddress server, InetSocketAddress localOrNull,
      String playlistPath) {
    this.loop = loop;
    this.server = server;
    this.localOrNull = localOrNull != null && server.getAddress().isLoopbackAddress()
        ? localOrNull : null;
    this.host = server.getHostString() + ":" + server.getPort();
    this.playlistPath = playlistPath;
    this.base = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);
  }

  /** Whether a request waits for its answer. */
  boolean inFlight() {
    return inFlight;
  }

  /** Whether the request in flight is older than {@link #TIMEOUT_NANOS}. */
  boolean timedOut(long nowNanos) {
    return inFlight && nowNanos - startNanos > TIMEOUT_NANOS;
  }

  /** Starts a cycle: the playlist first. */
  void startCycle(long nowNanos) {
    toFetch.clear();
    start(playlistPath, true, nowNanos);
  }

  /** The selector reported this viewer's channel ready. */
  void onReady(SelectionKey ready) {
    try {
      if (ready.isConnectable()) {
        if (channel.finishConnect()) {
          send();
        }
      } else if (ready.isWritable()) {
        send();
      } else if (ready.isReadable()) {
        receive();
      }
    } catch (IOException e) {
      failOrRetry(e.getMessage());
    }
  }

  /** Counts an error and drops the connection; a cycle in progress ends. */
  void fail(String why) {
    loop.error(why);
    closeChannel();
    toFetch.clear();
    if (inFlight) {
      endCycle(System.nanoTime());
    }
  }

  void close() {
    closeChannel();
  }

  private void start(String target, boolean playlist, long nowNanos) {
    path = target;
    playlistRequest = playlist;
    startNanos = nowNanos;
    retried = false;
    open();
  }

  /** Sends the current request on the open connection, or opens one first. */
  private void open() {
    parser.reset(playlistRequest);
    request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    inFlight = true;
    try {
      if (channel != null) {
        reused = true;
        send();
        return;
      }
      reused = false;
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      if (localOrNull != null) {
        channel.bind(localOrNull);
      }
      Selector selector = loop.selector();
      if (channel.connect(server)) {
        key = channel.register(selector, 0, this);
        send();
      } else {
        key = channel.register(selector, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException e) {
      failOrRetry(e.getMessage());
    }
  }

  private void send() throws IOException {
    channel.write(request);
    key.interestOps(request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private void receive() throws IOException {
    ByteBuffer buffer = loop.readBuffer();
    while (true) {
      buffer.clear();
      int n = channel.read(buffer);
      if (n < 0) {
        if (!inFlight) {
          closeChannel(); // the server ended an idle keep-alive connection
          return;
        }
        parser.endOfInput(); // throws unless the body ran to the end of the connection
        closeChannel();
        complete();
        return;
      }
      if (n == 0) {
        return;
      }
      buffer.flip();
      if (!inFlight) {
        throw new IOException("bytes from the server with no request in flight");
      }
      if (parser.feed(buffer)) {
        if (buffer.hasRemaining()) {
          throw new IOException(buffer.remaining() + " bytes after the end of a response");
        }
        if (parser.closeAfter()) {
          closeChannel();
        }
        complete();
        return;
      }
    }
  }

  private void complete() {
    long now = System.nanoTime();
    inFlight = false;
    loop.record(playlistRequest, (now - startNanos) / 1e6, parser.bodyBytes());
    if (parser.status() != 200) {
      loop.error(path + ": status " + parser.status());
      if (playlistRequest) {
        endCycle(now);
        return;
      }
    } else if (playlistRequest) {
      List<MediaPlaylistLines.Segment> segments = MediaPlaylistLines.parse(parser.text())
          .segments();
      for (int i = Math.max(0, segments.size() - 3); i < segments.size(); i++) {
        MediaPlaylistLines.Segment s = segments.get(i);
        if (s.sequence() > lastFetched) {
          toFetch.add(s.uri().startsWith("/") ? s.uri() : base + s.uri());
          lastFetched = s.sequence();
        }
      }
    }
    String next = toFetch.poll();
    if (next == null) {
      endCycle(now);
    } else {
      start(next, false, now);
    }
  }

  private void failOrRetry(String why) {
    closeChannel();
    if (inFlight && reused && !retried && !parser.started()) {
      retried = true; // a kept-alive connection the server had closed: once more, on a new one
      open();
      return;
    }
    fail(why);
  }

  private void endCycle(long nowNanos) {
    inFlight = false;
    nextCycleNanos = nowNanos + loop.reloadNanos();
    loop.waitForCycle(this);
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close(); // cancels the key
      } catch (IOException ignored) {
        // giving the connection up; nothing to report
      }
      channel = null;
      key = null;
    }
  }
}
