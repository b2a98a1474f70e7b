package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP door over real sockets: the per-address request rate limit (429, Retry-After, the
 * exempt list, the metric), request head size and count limits, and slow clients (slowloris)
 * cut off while others keep being served.
 */
class HttpLimitsEndToEndTest {
  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n";
  }

  @Test
  void aClientOverItsRateGets429WithRetryAfterAndExemptAddressesAreNotLimited()
      throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { requestsPerSecond: 1, burst: 5, exempt: ["127.0.0.2/32"] } }
        """)) {
      int port = origin.server.httpPort();
      List<Integer> statuses = new ArrayList<>();
      String limited = null;
      for (int i = 0; i < 12; i++) {
        String response = RawHttp.exchange("127.0.0.1", port, get("/healthz"));
        statuses.add(RawHttp.status(response));
        if (RawHttp.status(response) == 429) {
          limited = response;
        }
      }
      // A burst of 5 passes; at 1 request/s the next few within the same second cannot.
      assertThat(statuses.subList(0, 5)).containsOnly(200);
      assertThat(statuses).contains(429);
      assertThat(limited).containsIgnoringCase("Retry-After: ")
          .containsIgnoringCase("Cache-Control: private, no-store");
      int retryAfter = Integer.parseInt(limited.replaceAll("(?si).*retry-after: (\\d+).*", "$1"));
      assertThat(retryAfter).isBetween(1, 2);
      long refused = statuses.stream().filter(s -> s == 429).count();
      for (int i = 0; i < 12; i++) {
        assertThat(RawHttp.status(RawHttp.exchange("127.0.0.2", port, get("/healthz"))))
            .as("exempt address, request %d", i).isEqualTo(200);
      }
      String metrics = RawHttp.exchange("127.0.0.2", port, get("/metrics"));
      assertThat(metrics).contains("headwater_http_rate_limited_total " + refused + ".0");
    }
  }

  @Test
  void oversizedAndTooManyHeadersAreRefusedAndOnlyThatConnectionEnds() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { maxHeaderSize: 4K, maxHeaders: 20 } }
        """)) {
      int port = origin.server.httpPort();
      String big = "GET /healthz HTTP/1.1\r\nHost: origin\r\nX-Big: " + "a".repeat(8_000)
          + "\r\n\r\n";
      assertThat(RawHttp.status(RawHttp.exchange("127.0.0.1", port, big)))
          .isIn(400, 431);
      StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: origin\r\n");
      for (int i = 0; i < 40; i++) {
        many.append("X-H").append(i).append(": v\r\n");
      }
      assertThat(RawHttp.status(RawHttp.exchange("127.0.0.1", port, many + "\r\n")))
          .isIn(400, 431);
      StringBuilder fine = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: origin\r\n");
      for (int i = 0; i < 10; i++) {
        fine.append("X-H").append(i).append(": ").append("b".repeat(100)).append("\r\n");
      }
      assertThat(RawHttp.status(RawHttp.exchange("127.0.0.1", port,
          fine + "Connection: close\r\n\r\n"))).isEqualTo(200);
    }
  }

  @Test
  void aSlowlorisClientIsCutOffWithinTheRequestTimeoutWhileOthersAreServed()
      throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { requestTimeout: 2s } }
        """)) {
      int port = origin.server.httpPort();
      try (Socket slow = RawHttp.connect("127.0.0.1", port)) {
        OutputStream out = slow.getOutputStream();
        InputStream in = slow.getInputStream();
        byte[] head = "GET /healthz HTTP/1.1\r\nHost: origin\r\nX-Slow: ".getBytes(
            StandardCharsets.ISO_8859_1);
        long start = System.nanoTime();
        boolean cut = false;
        // One byte every 500 ms for up to 10 s, never finishing the head.
        for (int i = 0; i < 20 && !cut; i++) {
          try {
            out.write(head[Math.min(i, head.length - 1)]);
            out.flush();
          } catch (SocketException e) {
            cut = true;
            break;
          }
          assertThat(RawHttp.status(RawHttp.exchange("127.0.0.1", port, get("/healthz"))))
              .as("a normal client while the slow one trickles").isEqualTo(200);
          slow.setSoTimeout(500);
          try {
            cut = in.read() < 0;
          } catch (java.net.SocketTimeoutException e) {
            cut = false;
          } catch (SocketException e) {
            cut = true;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(cut).as("slow connection closed by the server").isTrue();
        assertThat(seconds).as("closed within the 2 s request timeout plus slack")
            .isLessThan(6.0);
      }
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { http: { idleTimeout: 2s } }
        """)) {
      try (Socket idle = RawHttp.connect("127.0.0.1", origin.server.httpPort())) {
        long start = System.nanoTime();
        // readAll returns once the server closes; it fails after 10 s if it never does.
        assertThat(RawHttp.readAll(idle.getInputStream())).isEmpty();
        assertThat((System.nanoTime() - start) / 1e9).as("closed after about 2 s")
            .isBetween(1.0, 8.0);
      }
    }
  }

  @Test
  void defaultsLimitNothingAPlayerDoes() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("")) {
      int port = origin.server.httpPort();
      // More than the default burst of 100 in well under a second: the rate limit is off.
      for (int i = 0; i < 150; i++) {
        assertThat(RawHttp.status(RawHttp.exchange("127.0.0.1", port, get("/healthz"))))
            .isEqualTo(200);
      }
    }
  }
}
