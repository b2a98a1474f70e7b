package io.headwater.origin.security;

import static io.headwater.origin.TestTls.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.server.RtmpServer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.http.PemTls;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A slowloris on the RTMPS port: a client that trickles its TLS ClientHello a byte at a time,
 * each byte well inside the socket timeout, is still cut off at the handshake deadline.
 */
class RtmpsSlowHandshakeTest {
  @Test
  void aTricklingTlsHandshakeIsClosedAtTheHandshakeDeadline() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30));
    try (RtmpServer server = new RtmpServer(config, request -> {
      throw new AssertionError("no publish gets this far");
    })) {
      server.start();
      server.startTls(0, PemTls.serverContext(resource("localhost-cert.pem"),
          resource("localhost-key.pem")));
      try (Socket client = new Socket("127.0.0.1", server.tlsPort())) {
        TricklingHandshake trickle = TricklingHandshake.over(client);
        assertThat(trickle.closed()).as("closed by the server").isTrue();
        assertThat(trickle.seconds()).as("closed at the 2 s handshake deadline")
            .isBetween(1.5, 8.0);
      }
    }
  }
}
