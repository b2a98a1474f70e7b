package io.headwater.origin.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 over a socket, for requests no well-behaved client library would send. */
final class RawHttp {
  private RawHttp() {}

  /** A socket to 127.0.0.1:{@code port} from local address {@code from} (e.g. 127.0.0.2). */
  static Socket connect(String from, int port) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    s.setSoTimeout(10_000);
    return s;
  }

  /** Sends {@code request} as is and reads the answer until the server closes or 10 s pass. */
  static String exchange(String from, int port, String request) throws IOException {
    try (Socket s = connect(from, port)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  /** Everything the server sends until it closes (a reset counts as closed). */
  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (SocketException e) {
      // connection reset: the server closed with unread input; what came before counts
    } catch (SocketTimeoutException e) {
      throw new IOException("server neither answered nor closed within 10 s; got: "
          + out.toString(StandardCharsets.ISO_8859_1), e);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status code of the first response in {@code response}, or 0 when there is none. */
  static int status(String response) {
    if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
      return 0;
    }
    return Integer.parseInt(response.substring(9, 12));
  }
}
