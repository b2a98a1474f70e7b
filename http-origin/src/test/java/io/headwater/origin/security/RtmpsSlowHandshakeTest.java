package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.server.RtmpServer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.http.PemTls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A slowloris on the RTMPS port: a client that trickles its TLS ClientHello a byte at a time,
 * each byte well inside the socket timeout, is still cut off at the handshake deadline.
 */
class RtmpsSlowHandshakeTest {
  /** The first bytes of a TLS 1.2 ClientHello record (RFC 8446 5.1, 4.1.2). */
  private static final byte[] CLIENT_HELLO_START = {
    0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  @Test
  void aTricklingTlsHandshakeIsClosedAtTheHandshakeDeadline() throws Exception {
    Path tls = Path.of(getClass().getResource("/tls/localhost-cert.pem").toURI()).getParent();
    RtmpServerConfig config = RtmpServerConfig.loopback(0)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30));
    try (RtmpServer server = new RtmpServer(config, request -> {
      throw new AssertionError("no publish gets this far");
    })) {
      server.start();
      server.startTls(0, PemTls.serverContext(tls.resolve("localhost-cert.pem"),
          tls.resolve("localhost-key.pem")));
      try (Socket client = new Socket("127.0.0.1", server.tlsPort())) {
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        client.setSoTimeout(400);
        long start = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < CLIENT_HELLO_START.length && !closed; i++) {
          try {
            out.write(CLIENT_HELLO_START[i]);
            out.flush();
            // Waiting for an answer paces the trickle: one byte per 400 ms.
            closed = in.read() < 0;
          } catch (SocketTimeoutException e) {
            closed = false;
          } catch (SocketException e) {
            closed = true;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(closed).as("closed by the server").isTrue();
        assertThat(seconds).as("closed at the 2 s handshake deadline").isBetween(1.5, 8.0);
      }
    }
  }
}
