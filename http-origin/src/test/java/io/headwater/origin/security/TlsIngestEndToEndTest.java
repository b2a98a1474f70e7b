package io.headwater.origin.security;

import static io.headwater.origin.TestTls.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.TlsConfig;
import io.headwater.origin.Tools;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTMPS ingest with real ffmpeg ({@code rtmps://}), and certificates re-read without a restart:
 * after the PEM files are replaced, new HTTPS and RTMPS connections get the new certificate.
 */
class TlsIngestEndToEndTest {
  @TempDir Path dir;

  private OriginServer start(Path cert, Path key, boolean https) throws Exception {
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withAccessLog(false);
    if (https) {
      config = config.withHttpTls(new TlsConfig(0, cert, key));
    }
    return OriginServer.start(config, Clock.systemUTC(),
        SecuritySettings.OPEN.withRtmpTls(new TlsConfig(0, cert, key)));
  }

  private Path copy(String resource, String name) throws Exception {
    Path target = dir.resolve(name);
    Files.copy(resource(resource), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Test
  void ffmpegPublishesOverRtmpsAndTheStreamPlays() throws Exception {
    try (OriginServer server = start(copy("localhost-cert.pem", "cert.pem"),
        copy("localhost-key.pem", "key.pem"), false)) {
      assertThat(server.rtmpsPort()).isPositive().isNotEqualTo(server.rtmpPort());
      Tools.Result r = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
          "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-t", "4", "-c", "copy",
          "-f", "flv", "rtmps://127.0.0.1:" + server.rtmpsPort() + "/live/secure"), 60);
      assertThat(r.exitCode()).as("ffmpeg over rtmps: %s", r.stderr()).isZero();
      Http http = new Http(server.httpPort());
      MediaPlaylist playlist = MediaPlaylist.parse(http.awaitText("/live/secure/ts/index.m3u8",
          "#EXTINF", Duration.ofSeconds(20)));
      assertThat(playlist.segments()).isNotEmpty();
      JsonNode probe = Tools.probe(http.url("/live/secure/ts/" + playlist.segments().get(0).uri()),
          "-show_streams");
      List<String> codecs = probe.get("streams").findValuesAsText("codec_name");
      assertThat(codecs).contains("h264", "aac");
    }
  }

  @Test
  void replacedPemFilesReachNewHttpsAndRtmpsConnectionsWithoutARestart() throws Exception {
    Path cert = copy("localhost-cert.pem", "cert.pem");
    Path key = copy("localhost-key.pem", "key.pem");
    try (OriginServer server = start(cert, key, true)) {
      assertThat(subject(server.httpsPort())).isEqualTo("CN=localhost");
      assertThat(subject(server.rtmpsPort())).isEqualTo("CN=localhost");
      // As certbot renews: the key, then the chain, each replaced by a rename.
      replace(resource("renewed-key.pem"), key);
      replace(resource("renewed-cert.pem"), cert);
      awaitSubject(server.httpsPort(), "CN=localhost renewed");
      awaitSubject(server.rtmpsPort(), "CN=localhost renewed");
    }
  }

  @Test
  void aBrokenReplacementKeepsThePreviousCertificate() throws Exception {
    Path cert = copy("localhost-cert.pem", "cert.pem");
    Path key = copy("localhost-key.pem", "key.pem");
    try (OriginServer server = start(cert, key, false)) {
      replace(resource("other-key.pem"), key);
      // The key no longer matches the certificate: for over two of the origin's once-a-second
      // checks, new connections still get the old, working certificate.
      long until = System.nanoTime() + Duration.ofMillis(2_500).toNanos();
      int connections = 0;
      while (System.nanoTime() < until) {
        assertThat(subject(server.rtmpsPort())).isEqualTo("CN=localhost");
        connections++;
        Thread.sleep(250);
      }
      assertThat(connections).isGreaterThan(3);
      // A good pair after the broken one is taken.
      replace(resource("renewed-key.pem"), key);
      replace(resource("renewed-cert.pem"), cert);
      awaitSubject(server.rtmpsPort(), "CN=localhost renewed");
    }
  }

  private void replace(Path source, Path target) throws Exception {
    Path tmp = dir.resolve(target.getFileName() + ".new");
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitSubject(int port, String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      last = subject(port);
      if (expected.equals(last)) {
        return;
      }
      // Each new connection is a fresh look; the origin re-checks the files once a second.
      Thread.sleep(200);
    }
    throw new AssertionError("port " + port + " still presents " + last + ", not " + expected);
  }

  /** The subject of the certificate a new TLS connection to {@code port} is given. */
  private static String subject(int port) throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (Socket plain = new Socket("127.0.0.1", port);
        SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "localhost",
            port, true)) {
      s.setSoTimeout(5_000);
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal().getName();
    }
  }
}
