package io.headwater.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one keep-alive connection, as one player holds one: GET only,
 * bodies by Content-Length or chunked transfer coding (RFC 9112 6.3, 7.1), reconnecting when the
 * server closed the connection. Not thread-safe: one per simulated viewer or probe.
 */
final class MiniHttp implements AutoCloseable {
  /** Largest body accepted: a long segment at a high bit rate. */
  static final int MAX_BODY_BYTES = 64 << 20;
  private static final int TIMEOUT_MS = 10_000;

  /** A response: status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final InetSocketAddress server;
  private final InetSocketAddress localOrNull;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  MiniHttp(InetSocketAddress server) {
    this(server, null);
  }

  /** A client whose connections leave from {@code localOrNull} (null: any address). */
  MiniHttp(InetSocketAddress server, InetSocketAddress localOrNull) {
    this.server = server;
    this.localOrNull = localOrNull != null && server.getAddress().isLoopbackAddress()
        ? localOrNull : null;
  }

  /** GETs {@code path}; retries once on a fresh connection if a kept-alive one was closed. */
  Response get(String path) throws IOException {
    boolean reused = socket != null;
    try {
      return exchange(path);
    } catch (IOException e) {
      close();
      if (!reused) {
        throw e;
      }
      return exchange(path);
    }
  }

  private Response exchange(String path) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      if (localOrNull != null) {
        socket.bind(localOrNull);
      }
      socket.connect(server, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
        + server.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = false;
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closeAfter = value.equalsIgnoreCase("close");
      }
    }
    byte[] body;
    if (chunked) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      while (true) {
        String size = line();
        if (size == null) {
          throw new IOException("connection closed inside a chunked body");
        }
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          for (String t = line(); t != null && !t.isEmpty(); t = line()) {
            // trailer fields: none expected, skipped
          }
          break;
        }
        all.write(bounded(n));
        line();
      }
      body = all.toByteArray();
    } else if (length >= 0) {
      body = bounded(length);
    } else {
      body = in.readAllBytes();
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(code, body);
  }

  private byte[] bounded(long n) throws IOException {
    if (n > MAX_BODY_BYTES) {
      throw new IOException("body of " + n + " bytes exceeds " + MAX_BODY_BYTES);
    }
    byte[] b = in.readNBytes((int) n);
    if (b.length < n) {
      throw new IOException("body cut at " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() > 16 * 1024) {
        throw new IOException("header line longer than 16 KiB");
      }
      sb.append((char) c);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket we give up on; nothing to report
      }
      socket = null;
    }
  }
}
