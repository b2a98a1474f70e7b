package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.auth.PublishAuthorizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest server. Each accepted connection first runs on a platform thread of its own
 * ("rtmp-conn-N"): the handshake and the command phase, whose publish authorization may block
 * (an HTTP callback, a takeover's wait). Once a plain RTMP session publishes, its socket channel
 * moves to one of a few NIO event loops ("rtmp-io-N", {@link RtmpServerConfig#ioThreads()},
 * each connection to the least loaded), which read every publisher's bytes without blocking and
 * run the publisher's pipeline (demux, segmenter, muxers) on the loop thread: one wake-up then
 * serves all the sockets that became readable, where a thread per connection woke once per RTMP
 * message (see bench/README.md, "RTMP ingest"). Enforces the connection limits (in total and per
 * client address) on accept, and the authorizer and publisher limit on publish. An RTMPS
 * listener ({@link #startTls}) serves the same publishers over TLS: each accepted socket is
 * wrapped in an {@link SSLSocket} whose handshake runs on the connection's thread, within the
 * RTMP handshake timeout, and counts against the same limits; RTMPS connections stay on their
 * thread for their whole life.
 */
public final class RtmpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);
  private static final long JOIN_TIMEOUT_MS = 5_000;

  private final RtmpServerConfig config;
  private final PublishGate handler;
  private final Set<RtmpConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile boolean closed;
  private ServerSocketChannel serverChannel;
  private ServerSocket serverSocket;
  private Thread acceptThread;
  private volatile RtmpIoLoop[] loops = new RtmpIoLoop[0];
  private ServerSocket tlsServerSocket;
  private Thread tlsAcceptThread;

  /** A server that lets every publish through to {@code handler}, up to the limits. */
  public RtmpServer(RtmpServerConfig config, PublishHandler handler) {
    this(config, handler, PublishAuthorizer.ALLOW_ALL);
  }

  /** A server that asks {@code authorizer} before each publish reaches {@code handler}. */
  public RtmpServer(RtmpServerConfig config, PublishHandler handler,
      PublishAuthorizer authorizer) {
    this(config, handler, authorizer, TakeoverPolicy.NEVER);
  }

  /**
   * A server that asks {@code authorizer} before each publish reaches {@code handler}, and lets
   * publishes that {@code takeover} allows replace the live publisher of their name.
   */
  public RtmpServer(RtmpServerConfig config, PublishHandler handler,
      PublishAuthorizer authorizer, TakeoverPolicy takeover) {
    this.config = config;
    this.handler = new PublishGate(authorizer, config.maxPublishers(), handler, takeover,
        this::disconnect);
  }

  private void disconnect(String connectionId) {
    for (RtmpConnection c : connections) {
      if (c.id().equals(connectionId)) {
        c.close();
      }
    }
  }

  /** Binds the port and starts accepting connections. */
  public synchronized void start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException("RTMP server already started");
    }
    // A channel, so that a publishing connection's socket can move to an event loop.
    ServerSocketChannel channel = ServerSocketChannel.open();
    ServerSocket socket = channel.socket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
    RtmpIoLoop[] started = new RtmpIoLoop[config.ioThreads()];
    for (int i = 0; i < started.length; i++) {
      started[i] = new RtmpIoLoop("rtmp-io-" + (i + 1));
      started[i].start();
    }
    loops = started;
    serverChannel = channel;
    serverSocket = socket;
    acceptThread = new Thread(() -> acceptLoop(null, channel, null),
        "rtmp-accept-" + socket.getLocalPort());
    acceptThread.start();
    LOG.info("RTMP listening on {}:{}", config.bindAddress().getHostAddress(),
        socket.getLocalPort());
  }

  /**
   * Binds {@code port} (0: any free port) on the configured address and accepts RTMPS: RTMP
   * inside TLS, with each connection's certificate from {@code tls} at its accept (so a
   * reloading context hands new connections a renewed certificate).
   */
  public synchronized void startTls(int port, SSLContext tls) throws IOException {
    if (tlsServerSocket != null) {
      throw new IllegalStateException("RTMPS listener already started");
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(config.bindAddress(), port), 128);
    tlsServerSocket = socket;
    tlsAcceptThread = new Thread(() -> acceptLoop(socket, null, tls),
        "rtmps-accept-" + socket.getLocalPort());
    tlsAcceptThread.start();
    LOG.info("RTMPS listening on {}:{}", config.bindAddress().getHostAddress(),
        socket.getLocalPort());
  }

  /** The bound RTMPS port; valid after {@link #startTls}. */
  public int tlsPort() {
    if (tlsServerSocket == null) {
      throw new IllegalStateException("RTMPS listener not started");
    }
    return tlsServerSocket.getLocalPort();
  }

  /** The bound port; valid after {@link #start()}. */
  public int port() {
    if (serverSocket == null) {
      throw new IllegalStateException("RTMP server not started");
    }
    return serverSocket.getLocalPort();
  }

  /** Number of open connections. */
  public int connectionCount() {
    return connections.size();
  }

  /** Number of publishes now active. */
  public int publisherCount() {
    return handler.publisherCount();
  }

  /** The least loaded event loop, or null once the server is closing. */
  private RtmpIoLoop leastLoadedLoop() {
    if (closed) {
      return null;
    }
    RtmpIoLoop best = null;
    for (RtmpIoLoop loop : loops) {
      if (best == null || loop.load() < best.load()) {
        best = loop;
      }
    }
    return best;
  }

  /** Accepts from {@code listener} (RTMPS, with {@code tls}) or {@code channelListener}. */
  private void acceptLoop(ServerSocket listener, ServerSocketChannel channelListener,
      SSLContext tls) {
    while (!closed) {
      Socket socket;
      SocketChannel channel = null;
      try {
        if (channelListener != null) {
          channel = channelListener.accept();
          socket = channel.socket();
        } else {
          socket = listener.accept();
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("RTMP accept failed, no longer accepting: {}", e.toString());
        }
        return;
      }
      String id = "rtmp-conn-" + nextId.getAndIncrement();
      if (connections.size() >= config.maxConnections()) {
        LOG.warn("{} from {} refused: {} connections open", id, socket.getRemoteSocketAddress(),
            connections.size());
        closeQuietly(socket);
        continue;
      }
      InetAddress address = socket.getInetAddress();
      if (perAddress.merge(address, 1, Integer::sum) > config.maxConnectionsPerIp()) {
        release(address);
        LOG.warn("{} from {} refused: {} connections open from that address", id,
            socket.getRemoteSocketAddress(), config.maxConnectionsPerIp());
        closeQuietly(socket);
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        LOG.debug("{} setTcpNoDelay failed: {}", id, e.toString());
      }
      if (tls != null) {
        try {
          socket = wrapTls(socket, tls);
        } catch (IOException | RuntimeException e) {
          release(address);
          LOG.warn("{} from {} refused: TLS setup failed: {}", id,
              socket.getRemoteSocketAddress(), e.toString());
          closeQuietly(socket);
          continue;
        }
      }
      LOG.info("{} accepted from {}{}", id, socket.getRemoteSocketAddress(),
          tls == null ? "" : " (RTMPS)");
      RtmpConnection connection = new RtmpConnection(socket, channel, this::leastLoadedLoop, id,
          config, handler, c -> {
            connections.remove(c);
            release(address);
          });
      connections.add(connection);
      new Thread(connection, id).start();
      if (closed) {
        connection.close();
      }
    }
  }

  /**
   * Layers a server-mode TLS socket over {@code plain}; the TLS handshake itself happens on the
   * connection thread's first read, bounded by the RTMP handshake timeout.
   */
  private static SSLSocket wrapTls(Socket plain, SSLContext tls) throws IOException {
    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain,
        plain.getInetAddress().getHostAddress(), plain.getPort(), /* autoClose= */ true);
    ssl.setUseClientMode(false);
    return ssl;
  }

  private void release(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * Stops accepting, closes every connection, waits for them to end (their publishes ended),
   * then stops the event loops.
   */
  @Override
  public void close() {
    closed = true;
    if (serverChannel != null) {
      closeQuietly(serverChannel);
    }
    if (tlsServerSocket != null) {
      closeQuietly(tlsServerSocket);
    }
    for (RtmpConnection c : connections) {
      c.close();
    }
    try {
      if (acceptThread != null) {
        acceptThread.join(JOIN_TIMEOUT_MS);
      }
      if (tlsAcceptThread != null) {
        tlsAcceptThread.join(JOIN_TIMEOUT_MS);
      }
      long deadline = System.nanoTime() + JOIN_TIMEOUT_MS * 1_000_000;
      for (RtmpConnection c : connections) {
        c.close(); // again, for one accepted while the first round ran
        c.awaitFinished(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (RtmpIoLoop loop : loops) {
      loop.close();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }
}
