package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ViewerLoopTest {
  private static final int SEGMENT_BYTES = 300_000;
  private static final String PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
      + "#EXT-X-MEDIA-SEQUENCE:10\n"
      + IntStream.range(10, 15).mapToObj(i -> "#EXTINF:2.0,\nseg-" + i + ".ts\n")
          .reduce("", String::concat);

  private HttpServer server;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves the playlist (chunked when asked) and 300 kB segments; counts requests per path. */
  private InetSocketAddress serve(boolean chunkedPlaylist, boolean closeEachConnection,
      int missingSegment) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/live/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      if (closeEachConnection) {
        exchange.getResponseHeaders().add("Connection", "close");
      }
      if (path.endsWith(".m3u8")) {
        byte[] body = PLAYLIST.getBytes(StandardCharsets.US_ASCII);
        reply(exchange, 200, body, chunkedPlaylist);
      } else if (path.endsWith("seg-" + missingSegment + ".ts")) {
        reply(exchange, 404, new byte[0], false);
      } else {
        reply(exchange, 200, new byte[SEGMENT_BYTES], false);
      }
    });
    server.start();
    return server.getAddress();
  }

  private static void reply(HttpExchange exchange, int status, byte[] body, boolean chunked)
      throws IOException {
    exchange.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private record Run(ViewerLoop loop, LatencyLog playlists, LatencyLog segments) {}

  /** Runs {@code viewers} viewers on one loop until {@code until} holds (at most 20 s). */
  private Run run(InetSocketAddress address, int viewers, BooleanSupplier until)
      throws InterruptedException {
    return run(address, viewers, new ViewerLoop(200_000_000L, new LatencyLog(), new LatencyLog()),
        until);
  }

  private Run run(InetSocketAddress address, int viewers, ViewerLoop loop, BooleanSupplier until)
      throws InterruptedException {
    long now = System.nanoTime();
    for (int v = 0; v < viewers; v++) {
      loop.add(new NioViewer(loop, address, null, "/live/s" + v + "/index.m3u8"), now);
    }
    Thread thread = new Thread(loop, "viewers-test");
    thread.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!until.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000L);
    }
    loop.stop();
    thread.join();
    return new Run(loop, loop.playlistLog(), loop.segmentLog());
  }

  private int hitsEnding(String suffix) {
    return hits.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  @Test
  void viewersReloadThePlaylistAndFetchTheLastThreeSegmentsOnceEach() throws Exception {
    InetSocketAddress address = serve(true, false, -1);

    Run r = run(address, 3, () -> hitsEnding(".m3u8") >= 9);

    for (int v = 0; v < 3; v++) {
      for (String segment : List.of("seg-12.ts", "seg-13.ts", "seg-14.ts")) {
        assertThat(hits.get("/live/s" + v + "/" + segment)).as("s%d %s", v, segment)
            .hasValue(1);
      }
      assertThat(hits.get("/live/s" + v + "/seg-11.ts")).isNull();
    }
    assertThat(r.loop().errors()).isZero();
    assertThat(r.segments().count()).isEqualTo(9);
    assertThat(r.playlists().count()).isGreaterThanOrEqualTo(6);
    assertThat(r.loop().bytes()).isGreaterThanOrEqualTo(9L * SEGMENT_BYTES);
  }

  @Test
  void aServerClosingEveryConnectionCostsReconnectsNotErrors() throws Exception {
    InetSocketAddress address = serve(false, true, -1);

    Run r = run(address, 2, () -> hitsEnding(".m3u8") >= 6);

    assertThat(hitsEnding(".ts")).isEqualTo(6);
    assertThat(r.loop().errors()).isZero();
  }

  @Test
  void aMissingSegmentIsCountedAsAnErrorAndTheViewerGoesOn() throws Exception {
    InetSocketAddress address = serve(false, false, 13);

    Run r = run(address, 1, () -> hitsEnding(".m3u8") >= 3);

    assertThat(r.loop().errors()).isEqualTo(1);
    assertThat(hits.get("/live/s0/seg-14.ts")).hasValue(1);
  }

  @Test
  void aServerThatNeverListensGivesErrorsForEveryAttempt() throws Exception {
    InetSocketAddress address = serve(false, false, -1);
    server.stop(0);
    server = null;

    ViewerLoop loop = new ViewerLoop(200_000_000L, new LatencyLog(), new LatencyLog());
    Run r = run(address, 2, loop, () -> loop.errors() >= 4);

    assertThat(r.loop().errors()).isGreaterThanOrEqualTo(4);
    assertThat(r.playlists().count()).isZero();
  }
}
