package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.StreamSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile RTMP clients are disconnected, one by one, while a real publisher on the same server
 * keeps its playlist advancing and loses nothing.
 */
class BadInputEndToEndTest {

  /** Reads until EOF; true when the server closed the connection within the timeout. */
  private static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    try {
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  /** Plain RTMP handshake (C0 C1, read S0 S1 S2, C2). */
  private static void handshake(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    byte[] c1 = new byte[1536];
    new Random(1).nextBytes(c1);
    c1[4] = c1[5] = c1[6] = c1[7] = 0;
    out.write(3);
    out.write(c1);
    out.flush();
    InputStream in = s.getInputStream();
    byte[] s012 = in.readNBytes(1 + 1536 + 1536);
    assertThat(s012).hasSize(3073);
    assertThat(s012[0]).isEqualTo((byte) 3);
    out.write(s012, 1, 1536); // C2 echoes S1
    out.flush();
  }

  @Test
  void garbageTruncationAndHugeChunkSizeEndOnlyTheirConnections() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 10,
        Duration.ofSeconds(1), Duration.ofMinutes(5));
    try (LoopbackOrigin origin = LoopbackOrigin.start(c -> c.withStreamSettings(settings))) {
      OriginServer server = origin.server();
      Http http = origin.http();
      Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          origin.rtmpUrl("live/good"), true);
      try {
        String first = http.awaitText("/live/good/ts/index.m3u8", "#EXTINF",
            Duration.ofSeconds(20));
        int before = MediaPlaylist.parse(first).segments().size();

        // 1. Garbage instead of a handshake.
        try (Socket s = new Socket("127.0.0.1", server.rtmpPort())) {
          byte[] junk = new byte[4096];
          new Random(7).nextBytes(junk);
          junk[0] = 0x47; // not version 3
          s.getOutputStream().write(junk);
          assertThat(closedByServer(s)).as("garbage handshake closed").isTrue();
        }
        // 2. A chunk that declares 1000 bytes, delivers 10, then the client half-closes.
        try (Socket s = new Socket("127.0.0.1", server.rtmpPort())) {
          handshake(s);
          OutputStream out = s.getOutputStream();
          out.write(new byte[] {
            0x03, // fmt 0, csid 3
            0, 0, 0, // timestamp
            0, 0x03, (byte) 0xE8, // message length 1000
            0x14, // AMF0 command
            0, 0, 0, 0, // message stream id
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10
          });
          out.flush();
          s.shutdownOutput();
          assertThat(closedByServer(s)).as("truncated chunk closed").isTrue();
        }
        // 3. Set Chunk Size 2^31 (the top bit must be 0).
        try (Socket s = new Socket("127.0.0.1", server.rtmpPort())) {
          handshake(s);
          OutputStream out = s.getOutputStream();
          out.write(new byte[] {
            0x02, // fmt 0, csid 2 (protocol control)
            0, 0, 0, // timestamp
            0, 0, 4, // length 4
            0x01, // Set Chunk Size
            0, 0, 0, 0, // message stream id
            (byte) 0x80, 0, 0, 0 // 2^31
          });
          out.flush();
          assertThat(closedByServer(s)).as("chunk size 2^31 closed").isTrue();
        }

        // The good stream kept going: a later playlist lists more segments.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int after = before;
        while (after <= before && System.nanoTime() < deadline) {
          Thread.sleep(200);
          after = MediaPlaylist.parse(http.text("/live/good/ts/index.m3u8")).segments().size();
        }
        assertThat(after).as("segments after the attacks").isGreaterThan(before);

        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue()).as("publisher unaffected").isZero();
        MediaPlaylist ended = MediaPlaylist.parse(http.awaitText("/live/good/ts/index.m3u8",
            "#EXT-X-ENDLIST", Duration.ofSeconds(20)));
        assertThat(ended.segments()).as("no accepted media lost").hasSize(5);
        double total = ended.segments().stream().mapToDouble(MediaPlaylist.Entry::duration).sum();
        assertThat(total).isBetween(9.95, 10.05);
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
