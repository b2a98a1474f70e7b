package io.headwater.origin;

import static io.headwater.origin.Eventually.eventually;
import static io.headwater.origin.TestTls.resource;
import static io.headwater.origin.TestTls.trusting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file changes the running origin: the keys are read by {@link Main#load} as
 * {@code --config FILE} reads them, and the origin started from the result behaves accordingly
 * (LL-HLS off or at another part target, HTTPS, CORS origins, RTMP limits, data directory).
 */
class ConfigFileEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAMPLE = "h264-baseline-aac.flv";

  private static OriginConfig load(Path dir) throws Exception {
    Path file = dir.resolve("headwater.yaml");
    Files.writeString(file, """
        http:
          tls: { port: 0, certificate: '%s', privateKey: '%s' }
          cors: { allowOrigins: ["https://player.example.com"] }
        dataDir: '%s'
        apps:
          live: { lowLatency: { enabled: false } }
          event: { lowLatency: { enabled: true, partTarget: 250ms } }
        limits: { maxConnectionsPerIp: 2, maxPublishers: 1 }
        """.formatted(resource("localhost-cert.pem"), resource("localhost-key.pem"),
        dir.resolve("store")));
    return Main.load(new String[] {"--config", file.toString(), "--bind", "127.0.0.1",
        "--rtmp-port", "0", "--http-port", "0", "--no-access-log"}, Map.of());
  }

  @Test
  void theFileReachesTheRunningOrigin(@TempDir Path dir) throws Exception {
    OriginConfig config = load(dir);
    assertThat(config.dataDir()).isEqualTo(dir.resolve("store"));
    try (OriginServer server = OriginServer.start(config, Clock.systemUTC())) {
      Http http = new Http(server.httpPort());
      checkHttpsAndCors(server, http);
      checkConnectionsPerAddress(server, http);
      String rtmp = "rtmp://127.0.0.1:" + server.rtmpPort() + "/";

      // apps.event: LL-HLS at a 250 ms part target. In real time, so that it is still
      // publishing when a second encoder comes.
      Process event = Tools.publish(Tools.sample(SAMPLE), rtmp + "event/ll", true);
      try {
        String ll = http.awaitText("/event/ll/v.m3u8", "#EXT-X-PART:", Duration.ofSeconds(20));
        assertThat(ll).contains("#EXT-X-PART-INF:PART-TARGET=0.25");

        // limits.maxPublishers: 1 -> a second publish is refused while the first goes on.
        Process refused = Tools.publish(Tools.sample(SAMPLE), rtmp + "live/plain", false);
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).as("ffmpeg refused by maxPublishers").isNotZero();
        assertThat(http.get("/live/plain/v.m3u8").statusCode()).isEqualTo(404);
      } finally {
        event.destroy();
        assertThat(event.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(eventually(() -> !server.registry().get("event", "ll").isPublishing()))
          .isTrue();

      // apps.live: lowLatency.enabled false -> plain HLS, no parts.
      Process plain = Tools.publish(Tools.sample(SAMPLE), rtmp + "live/plain", false);
      assertThat(plain.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(plain.exitValue()).isZero();
      String hls = http.awaitText("/live/plain/v.m3u8", "#EXTINF", Duration.ofSeconds(20));
      assertThat(hls).doesNotContain("#EXT-X-PART").doesNotContain("PART-TARGET");
    }
  }

  private static void checkHttpsAndCors(OriginServer server, Http http) throws Exception {
    assertThat(server.httpsPort()).isPositive();
    HttpClient tls = HttpClient.newBuilder().sslContext(trusting(resource("localhost-cert.pem")))
        .build();
    HttpResponse<String> health = tls.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + server.httpsPort() + "/healthz"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    HttpResponse<byte[]> allowed = http.get("/time", "Origin", "https://player.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://player.example.com");
    HttpResponse<byte[]> other = http.get("/time", "Origin", "https://elsewhere.example.com");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /** limits.maxConnectionsPerIp: 2 -> a third connection from 127.0.0.1 is closed on accept. */
  private static void checkConnectionsPerAddress(OriginServer server, Http http)
      throws Exception {
    try (Socket first = new Socket("127.0.0.1", server.rtmpPort());
        Socket second = new Socket("127.0.0.1", server.rtmpPort());
        Socket third = new Socket("127.0.0.1", server.rtmpPort())) {
      third.setSoTimeout(10_000);
      InputStream in = third.getInputStream();
      assertThat(in.read()).as("third connection closed on accept").isEqualTo(-1);
      assertThat(first.isClosed() || second.isClosed()).isFalse();
    }
    assertThat(eventually(() -> rtmpConnections(http) == 0)).as("idle sockets gone").isTrue();
  }

  private static int rtmpConnections(Http http) {
    try {
      return JSON.readTree(http.get("/api/server").body()).get("rtmpConnections").asInt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
