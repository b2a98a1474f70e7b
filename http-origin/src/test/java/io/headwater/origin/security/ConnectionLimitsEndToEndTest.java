package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Connection limits over real sockets: the per-address cap (429, Retry-After, closed, the exempt
 * list, the metric, a place freed by a closed connection) and the listener's total cap (further
 * connections wait until others close).
 */
class ConnectionLimitsEndToEndTest {
  private static final String KEEP_ALIVE = "GET /healthz HTTP/1.1\r\nHost: origin\r\n\r\n";
  private static final Pattern LENGTH =
      Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");


  /** Sends one keep-alive request on {@code s} and reads exactly its response. */
  private static String request(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(KEEP_ALIVE.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return response(s);
  }

  /** Reads exactly one response (head and Content-Length body) from {@code s}. */
  private static String response(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    Matcher m = LENGTH.matcher(text);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  private static int metric(int port, String name) throws IOException {
    String metrics = RawHttp.exchange("127.0.0.2", port,
        "GET /metrics HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n");
    Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.]+)$").matcher(metrics);
    assertThat(m.find()).as("metric %s in %s", name, metrics).isTrue();
    return (int) Double.parseDouble(m.group(1));
  }

  @Test
  void anAddressOverItsConnectionCapGets429AndIsClosedWhileOthersAreServed() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { maxConnectionsPerAddress: 3, exempt: ["127.0.0.2/32"] } }
        """)) {
      int port = origin.server.httpPort();
      List<Socket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = RawHttp.connect("127.0.0.1", port);
          open.add(s);
          assertThat(RawHttp.status(request(s))).as("connection %d", i).isEqualTo(200);
        }
        try (Socket fourth = RawHttp.connect("127.0.0.1", port)) {
          String refused = request(fourth);
          assertThat(RawHttp.status(refused)).isEqualTo(429);
          assertThat(refused).containsIgnoringCase("Retry-After: 1")
              .containsIgnoringCase("Cache-Control: private, no-store")
              .containsIgnoringCase("Connection: close");
          assertThat(RawHttp.readAll(fourth.getInputStream())).as("then closed").isEmpty();
        }
        // The three counted connections keep being served.
        for (Socket s : open) {
          assertThat(RawHttp.status(request(s))).isEqualTo(200);
        }
        // An exempt address (an nginx edge) is not counted.
        List<Socket> edge = new ArrayList<>();
        try {
          for (int i = 0; i < 6; i++) {
            Socket s = RawHttp.connect("127.0.0.2", port);
            edge.add(s);
            assertThat(RawHttp.status(request(s))).as("exempt connection %d", i).isEqualTo(200);
          }
        } finally {
          for (Socket s : edge) {
            s.close();
          }
        }
        assertThat(metric(port, "headwater_http_connections_refused_total")).isEqualTo(1);
        assertThat(metric(port, "headwater_http_client_connections")).isEqualTo(3);

        // A closed connection frees its place.
        open.remove(0).close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
          try (Socket again = RawHttp.connect("127.0.0.1", port)) {
            status = RawHttp.status(request(again));
          }
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("a connection once one of the three closed").isEqualTo(200);
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
    }
  }

  @Test
  void aListenerAtItsConnectionCapAcceptsMoreOnlyOnceOthersClose() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { maxConnections: 10 } }
        """)) {
      int port = origin.server.httpPort();
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 30; i++) {
          Socket s = RawHttp.connect("127.0.0.1", port); // the kernel queues what is not accepted
          s.getOutputStream().write(KEEP_ALIVE.getBytes(StandardCharsets.ISO_8859_1));
          s.setSoTimeout(i == 0 ? 10_000 : 300); // the first one is surely accepted
          sockets.add(s);
        }
        List<Socket> answered = new ArrayList<>();
        List<Socket> waiting = new ArrayList<>();
        for (Socket s : sockets) {
          try {
            assertThat(RawHttp.status(response(s))).isEqualTo(200);
            answered.add(s);
          } catch (SocketTimeoutException e) {
            waiting.add(s);
          }
        }
        // XNIO splits the cap between its I/O threads: at most 10 are accepted at a time.
        assertThat(answered).as("connections served while all 30 are open")
            .hasSizeBetween(1, 10);
        for (Socket s : answered) {
          s.close();
        }
        for (Socket s : waiting) {
          s.setSoTimeout(10_000);
          assertThat(RawHttp.status(response(s))).as("a queued connection once others closed")
              .isEqualTo(200);
          s.close();
        }
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }
}
