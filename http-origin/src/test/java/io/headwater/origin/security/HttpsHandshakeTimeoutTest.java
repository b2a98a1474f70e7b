package io.headwater.origin.security;

import static io.headwater.origin.TestTls.resource;
import static io.headwater.origin.TestTls.trusting;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.TlsConfig;
import io.headwater.origin.config.ConfigLoader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A slowloris on the HTTPS port: a client that trickles its TLS ClientHello a byte at a time is
 * closed at {@code limits.http.tlsHandshakeTimeout} and counted, while HTTPS requests (HTTP/2 by
 * ALPN and HTTP/1.1) made meanwhile are answered and a connection whose handshake finished
 * stays open past the deadline.
 */
class HttpsHandshakeTimeoutTest {
  @Test
  void aTricklingTlsHandshakeIsClosedAtTheDeadlineWhileHttpsRequestsAreAnswered()
      throws Exception {
    Path cert = resource("localhost-cert.pem");
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withAccessLog(false).withHttpTls(new TlsConfig(0, cert, resource("localhost-key.pem")));
    SecuritySettings security = SecuritySettings.from(new ConfigLoader().parse("""
        limits: { http: { tlsHandshakeTimeout: 2s } }
        """, List.of()));
    try (OriginServer server = OriginServer.start(config, Clock.systemUTC(), security)) {
      String url = "https://localhost:" + server.httpsPort() + "/healthz";
      HttpClient h2 = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(trusting(cert)).build();
      // A connection that finished its handshake before the slow one started is not closed.
      try (SSLSocket early = (SSLSocket) trusting(cert).getSocketFactory().createSocket(
              "127.0.0.1", server.httpsPort());
          Socket slow = new Socket("127.0.0.1", server.httpsPort())) {
        early.setSoTimeout(10_000);
        early.startHandshake();
        TricklingHandshake trickle = TricklingHandshake.over(slow, i -> {
          if (i % 3 == 0) {
            HttpClient client = i % 2 == 0 ? h2 : h1;
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as("HTTPS while the slow handshake trickles")
                .isEqualTo(200);
          }
        });
        assertThat(trickle.closed()).as("trickling handshake closed by the server").isTrue();
        assertThat(trickle.seconds()).as("closed at the 2 s handshake deadline")
            .isBetween(1.5, 10.0);
        early.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        early.getOutputStream().flush();
        assertThat(RawHttp.status(RawHttp.readAll(early.getInputStream())))
            .as("a request on the connection established before the deadline").isEqualTo(200);
      }
      HttpResponse<String> metrics = h2.send(HttpRequest.newBuilder(URI.create(
          "https://localhost:" + server.httpsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("(?m)^headwater_https_handshake_timeouts_total ([0-9.]+)$")
          .matcher(metrics.body());
      assertThat(m.find()).isTrue();
      assertThat(m.group(1)).isEqualTo("1.0");
    }
  }
}
