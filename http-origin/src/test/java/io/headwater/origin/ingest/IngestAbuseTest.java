package io.headwater.origin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Abuse while streaming: while ffmpeg publishes one stream in real time, hundreds of
 * connections send random bytes, crawl through the handshake or declare oversized messages.
 * The stream's playlist keeps advancing, every bad connection is closed by the server and the
 * heap stays bounded. {@code -Dabuse.connections=1000} for a bigger local run.
 */
class IngestAbuseTest {
  private static final Logger LOG = LoggerFactory.getLogger(IngestAbuseTest.class);
  private static final int CONNECTIONS = Integer.getInteger("abuse.connections", 300);

  private enum Attack { RANDOM_BYTES, SLOW_HANDSHAKE, OVERSIZED_MESSAGE }

  @Test
  void streamKeepsAdvancingWhileBadConnectionsAreClosed() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withConnectionLimits(CONNECTIONS + 100, CONNECTIONS + 100, 10);
    try (IngestHarness origin = new IngestHarness(config, PublishAuthorizer.ALLOW_ALL)) {
      Process ffmpeg = publishLooped(origin);
      try {
        String path = origin.tsPlaylistPath("good");
        origin.http.awaitText(path, "#EXTINF", Duration.ofSeconds(20));
        long heapBefore = usedHeapAfterGc();

        AtomicInteger closed = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        for (int i = 0; i < CONNECTIONS; i++) {
          Attack attack = Attack.values()[i % Attack.values().length];
          long seed = i;
          Thread t = new Thread(() -> {
            try {
              if (attack(origin.server.rtmpPort(), attack, seed)) {
                closed.incrementAndGet();
              } else {
                failure.compareAndSet(null, attack + " connection " + seed + " left open");
              }
            } catch (IOException e) {
              failure.compareAndSet(null, attack + " connection " + seed + ": " + e);
            } finally {
              done.countDown();
            }
          }, "abuse-" + i);
          t.setDaemon(true);
          t.start();
        }

        // Meanwhile the playlist must keep advancing: watch it for the length of the attack.
        long lastSequence = lastSequence(origin, path);
        long lastChangeNanos = System.nanoTime();
        long longestStallMs = 0;
        int newSegments = 0;
        long attackEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
        while (System.nanoTime() < attackEnd || done.getCount() > 0) {
          Thread.sleep(200); // polling the playlist as a player does
          long seq = lastSequence(origin, path);
          long now = System.nanoTime();
          if (seq > lastSequence) {
            newSegments += (int) (seq - lastSequence);
            lastSequence = seq;
            lastChangeNanos = now;
          }
          longestStallMs = Math.max(longestStallMs, (now - lastChangeNanos) / 1_000_000);
          if (now > attackEnd + TimeUnit.SECONDS.toNanos(30)) {
            break;
          }
        }
        long heapAfter = usedHeapAfterGc();
        LOG.info("abuse: {} connections, {} closed by the server, {} new segments, longest "
            + "playlist stall {} ms, heap {} -> {} MiB", CONNECTIONS, closed.get(), newSegments,
            longestStallMs, heapBefore >> 20, heapAfter >> 20);

        assertThat(failure.get()).as("every bad connection closed by the server").isNull();
        assertThat(closed.get()).isEqualTo(CONNECTIONS);
        assertThat(newSegments).as("segments added during the attack").isGreaterThanOrEqualTo(5);
        // RFC 8216 6.2.1: a new segment no later than 1.5 target durations (2 s) after the
        // last, plus the playlist poll interval and one segment of jitter.
        assertThat(longestStallMs).as("longest time without a new segment").isLessThan(5_000);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(128L << 20);
        assertThat(origin.server.registry().get("live", "good").isPublishing()).isTrue();
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Process publishLooped(IngestHarness origin) throws IOException {
    return new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error", "-re",
        "-stream_loop", "-1", "-i", Tools.sample("h264-baseline-aac.flv").toString(),
        "-c", "copy", "-f", "flv", origin.rtmpUrl("live/good"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static long lastSequence(IngestHarness origin, String path) throws Exception {
    MediaPlaylist p = MediaPlaylist.parse(origin.http.text(path));
    return p.mediaSequence() + p.segments().size();
  }

  /** Runs one attack; true when the server closed the connection within 10 s. */
  private static boolean attack(int port, Attack attack, long seed) throws IOException {
    Random random = new Random(seed);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      try {
        switch (attack) {
          case RANDOM_BYTES -> {
            byte[] junk = new byte[4096 + random.nextInt(8192)];
            random.nextBytes(junk);
            junk[0] = (byte) (random.nextBoolean() ? 3 : junk[0]); // half pass C0
            out.write(junk);
            // keep sending until the server gives up on us
            for (int i = 0; i < 200; i++) {
              random.nextBytes(junk);
              out.write(junk);
            }
          }
          case SLOW_HANDSHAKE -> {
            out.write(3);
            for (int i = 0; i < 100; i++) {
              Thread.sleep(100);
              out.write(random.nextInt(256)); // one byte of C1 at a time
            }
          }
          case OVERSIZED_MESSAGE -> {
            completePlainHandshake(in, out);
            // fmt 0 on chunk stream 3: timestamp 0, message length 0xFFFFFF (16 MiB), video.
            out.write(new byte[] {0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9,
                1, 0, 0, 0});
            byte[] body = new byte[128];
            for (int i = 0; i < 100; i++) {
              out.write(body);
            }
          }
        }
      } catch (SocketException e) {
        return true; // the server closed while we were still writing
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return readsEndOfStream(in);
    }
  }

  private static void completePlainHandshake(InputStream in, OutputStream out)
      throws IOException {
    byte[] c0c1 = new byte[1 + 1536];
    c0c1[0] = 3;
    out.write(c0c1);
    byte[] s0s1s2 = in.readNBytes(1 + 2 * 1536);
    out.write(s0s1s2, 1, 1536);
  }

  private static boolean readsEndOfStream(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // whatever the server says before closing is not looked at
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
