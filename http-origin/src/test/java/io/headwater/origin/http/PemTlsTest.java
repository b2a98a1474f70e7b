package io.headwater.origin.http;

import static io.headwater.origin.TestTls.resource;
import static io.headwater.origin.TestTls.trusting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.TlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HTTPS from PEM files, HTTP/2 by ALPN over TLS and h2c over plain HTTP. */
class PemTlsTest {
  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesHttpsAndHttp2ByAlpnAndH2c() throws Exception {
    Path cert = resource("localhost-cert.pem");
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withHttpTls(new TlsConfig(0, cert, resource("localhost-key.pem")));
    try (OriginServer server = OriginServer.start(config, Clock.systemUTC())) {
      assertThat(server.httpsPort()).isPositive().isNotEqualTo(server.httpPort());
      HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .sslContext(trusting(cert)).build();

      HttpResponse<String> tls = get(h2, "https://localhost:" + server.httpsPort() + "/healthz");
      assertThat(tls.statusCode()).isEqualTo(200);
      assertThat(tls.body()).isEqualTo("ok\n");
      assertThat(tls.version()).as("ALPN chose h2").isEqualTo(HttpClient.Version.HTTP_2);

      HttpResponse<String> h2c = get(h2, "http://127.0.0.1:" + server.httpPort() + "/healthz");
      assertThat(h2c.statusCode()).isEqualTo(200);
      assertThat(h2c.version()).as("h2c upgrade").isEqualTo(HttpClient.Version.HTTP_2);

      HttpResponse<String> h1 = get(HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).sslContext(trusting(cert)).build(),
          "https://127.0.0.1:" + server.httpsPort() + "/time");
      assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(h1.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
  }

  @Test
  void readsPkcs1RsaKeys() throws Exception {
    assertThat(PemTls.serverContext(resource("localhost-cert.pem"),
        resource("localhost-key-pkcs1.pem")).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void refusesKeysThatDoNotMatchOrCannotBeRead() throws Exception {
    Path cert = resource("localhost-cert.pem");
    assertThatThrownBy(() -> PemTls.serverContext(cert, resource("other-key.pem")))
        .isInstanceOf(IOException.class).hasMessageContaining("does not match");
    assertThatThrownBy(() -> PemTls.serverContext(cert, resource("ec-sec1-key.pem")))
        .isInstanceOf(IOException.class).hasMessageContaining("openssl pkcs8 -topk8");
    assertThatThrownBy(() -> PemTls.serverContext(resource("localhost-key.pem"), cert))
        .isInstanceOf(IOException.class).hasMessageContaining("localhost-key.pem");
  }

  @Test
  void originRefusesToStartWithABadKey() throws Exception {
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withHttpTls(new TlsConfig(0, resource("localhost-cert.pem"),
            resource("other-key.pem")));
    assertThatThrownBy(() -> OriginServer.start(config, Clock.systemUTC()))
        .isInstanceOf(IOException.class).hasMessageContaining("other-key.pem");
  }
}
