package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.auth.PublishAuthorizer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest server: accepts publishers on a TCP port and runs each connection on its own
 * platform thread ("rtmp-conn-N"), on which the publisher's whole pipeline then runs (see
 * bench/README.md for why threads and not NIO). Enforces the connection limits (in total and per
 * client address) on accept, and the authorizer and publisher limit on publish.
 */
public final class RtmpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);
  private static final long JOIN_TIMEOUT_MS = 5_000;

  private final RtmpServerConfig config;
  private final PublishGate handler;
  private final Map<RtmpConnection, Thread> connections = new ConcurrentHashMap<>();
  private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile boolean closed;
  private ServerSocket serverSocket;
  private Thread acceptThread;

  /** A server that lets every publish through to {@code handler}, up to the limits. */
  public RtmpServer(RtmpServerConfig config, PublishHandler handler) {
    this(config, handler, PublishAuthorizer.ALLOW_ALL);
  }

  /** A server that asks {@code authorizer} before each publish reaches {@code handler}. */
  public RtmpServer(RtmpServerConfig config, PublishHandler handler,
      PublishAuthorizer authorizer) {
    this.config = config;
    this.handler = new PublishGate(authorizer, config.maxPublishers(), handler);
  }

  /** Binds the port and starts accepting connections. */
  public synchronized void start() throws IOException {
    if (serverSocket != null) {
      throw new IllegalStateException("RTMP server already started");
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
    serverSocket = socket;
    acceptThread = new Thread(this::acceptLoop, "rtmp-accept-" + socket.getLocalPort());
    acceptThread.start();
    LOG.info("RTMP listening on {}:{}", config.bindAddress().getHostAddress(),
        socket.getLocalPort());
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

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
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
      LOG.info("{} accepted from {}", id, socket.getRemoteSocketAddress());
      RtmpConnection connection = new RtmpConnection(socket, id, config, handler, c -> {
        connections.remove(c);
        release(address);
      });
      Thread thread = new Thread(connection, id);
      connections.put(connection, thread);
      thread.start();
      if (closed) {
        connection.close();
      }
    }
  }

  private void release(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Stops accepting, closes every connection and waits for their threads to end. */
  @Override
  public void close() {
    closed = true;
    if (serverSocket != null) {
      closeQuietly(serverSocket);
    }
    for (RtmpConnection c : connections.keySet()) {
      c.close();
    }
    try {
      if (acceptThread != null) {
        acceptThread.join(JOIN_TIMEOUT_MS);
      }
      for (Thread t : connections.values()) {
        t.join(JOIN_TIMEOUT_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
