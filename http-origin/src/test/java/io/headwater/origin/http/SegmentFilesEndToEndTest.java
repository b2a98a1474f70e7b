package io.headwater.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An origin with {@code storage.segmentFiles} and the demo stream live: what plain HTTP/1.1
 * clients get from the segment files (sendfile) is byte for byte what HTTP/2 clients get from
 * memory, with the same validators, decodes cleanly, and ranges, HEAD and 304 answer as without
 * files.
 */
class SegmentFilesEndToEndTest {
  private static final String TS = "/live/demo/ts/index.m3u8";
  @TempDir static Path tmp;
  private static Path filesDir;
  private static OriginServer server;
  private static Client client;
  private static HttpClient h2c;

  @BeforeAll
  static void start() throws Exception {
    filesDir = tmp.resolve("shm");
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withDemo(true).withSegmentFiles(filesDir), Clock.systemUTC());
    client = new Client(server.httpPort());
    h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .connectTimeout(Duration.ofSeconds(5)).build();
    assertThat(client.await(TS, Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  /** The newest object of a playlist whose lines end with {@code suffix}. */
  private static String newest(String playlist, String suffix) throws Exception {
    return text(client.get(playlist)).lines().filter(l -> l.endsWith(suffix))
        .reduce((a, b) -> b).orElseThrow();
  }

  private static HttpResponse<byte[]> overHttp2(String path) throws Exception {
    HttpResponse<byte[]> r = h2c.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.httpPort() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.version() != HttpClient.Version.HTTP_2) { // the h2c upgrade request itself
      r = h2c.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.httpPort() + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(r.version()).as("h2c").isEqualTo(HttpClient.Version.HTTP_2);
    return r;
  }

  private static List<Path> filesOnDisk() throws IOException {
    try (Stream<Path> runs = Files.list(filesDir)) {
      Path run = runs.filter(p -> p.getFileName().toString().startsWith("run-")).findFirst()
          .orElseThrow();
      try (Stream<Path> files = Files.list(run)) {
        return files.toList();
      }
    }
  }

  private static Path fileOf(String name) throws IOException {
    String suffix = ("live/demo/" + name).replace('/', '_');
    return filesOnDisk().stream().filter(p -> p.getFileName().toString().endsWith(suffix))
        .findFirst().orElseThrow(() -> new AssertionError("no file for " + name));
  }

  @Test
  void tsSegmentFromItsFileEqualsTheBytesInMemoryAndDecodes() throws Exception {
    String name = "ts/" + newest(TS, ".ts");

    HttpResponse<byte[]> fromFile = client.get("/live/demo/" + name);
    HttpResponse<byte[]> fromMemory = overHttp2("/live/demo/" + name);

    assertThat(fromFile.statusCode()).isEqualTo(200);
    assertThat(fromFile.body()).hasSizeGreaterThan(10_000).isEqualTo(fromMemory.body());
    assertThat(header(fromFile, "ETag")).isEqualTo(header(fromMemory, "ETag"))
        .isEqualTo("\"" + name.replace('/', '_') + "\"");
    assertThat(header(fromFile, "Content-Length"))
        .isEqualTo(String.valueOf(fromMemory.body().length));
    assertThat(header(fromFile, "Content-Type")).isEqualTo("video/mp2t");
    assertThat(Files.readAllBytes(fileOf(name))).as("the file sent").isEqualTo(fromFile.body());
    Path saved = tmp.resolve("from-file.ts");
    Files.write(saved, fromFile.body());
    assertThat(Tools.decodeErrors(saved.toString())).as("ffmpeg decode errors").isEmpty();
  }

  @Test
  void cmafInitAndSegmentFromFilesEqualTheBytesInMemoryAndDecode() throws Exception {
    String video = text(client.get("/live/demo/v.m3u8"));
    String init = video.lines().filter(l -> l.startsWith("#EXT-X-MAP:URI=\""))
        .findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
    String segment = newest("/live/demo/v.m3u8", ".m4s");

    byte[] initBytes = client.get("/live/demo/" + init).body();
    byte[] segmentBytes = client.get("/live/demo/" + segment).body();

    assertThat(initBytes).isEqualTo(overHttp2("/live/demo/" + init).body());
    assertThat(segmentBytes).isEqualTo(overHttp2("/live/demo/" + segment).body());
    assertThat(Files.readAllBytes(fileOf(segment))).isEqualTo(segmentBytes);
    Path joined = tmp.resolve("from-files.mp4");
    Files.write(joined, initBytes);
    Files.write(joined, segmentBytes, java.nio.file.StandardOpenOption.APPEND);
    assertThat(Tools.decodeErrors(joined.toString())).as("ffmpeg decode errors").isEmpty();
    assertThat(Tools.probe(joined.toString(), "-show_streams").get("streams").get(0)
        .get("codec_name").asText()).isEqualTo("h264");
  }

  @Test
  void rangesHeadAndConditionalRequestsAnswerAsFromMemory() throws Exception {
    String path = "/live/demo/ts/" + newest(TS, ".ts");
    HttpResponse<byte[]> whole = client.get(path);
    byte[] bytes = whole.body();
    int n = bytes.length;

    HttpResponse<byte[]> middle = client.get(path, "Range", "bytes=5000-99999");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(header(middle, "Content-Range")).isEqualTo("bytes 5000-99999/" + n);
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 5000, 100_000));
    HttpResponse<byte[]> tail = client.get(path, "Range", "bytes=-100");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, n - 100, n));
    HttpResponse<byte[]> past = client.get(path, "Range", "bytes=" + n + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(header(past, "Content-Range")).isEqualTo("bytes */" + n);

    HttpResponse<byte[]> head = client.send("HEAD", path);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(n));

    HttpResponse<byte[]> notModified = client.get(path, "If-None-Match", header(whole, "ETag"));
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(header(notModified, "ETag")).isEqualTo(header(whole, "ETag"));
    HttpResponse<byte[]> headNotModified = client.send("HEAD", path, "If-None-Match",
        header(whole, "ETag"));
    assertThat(headNotModified.statusCode()).isEqualTo(304);
    assertThat(header(headNotModified, "Content-Length")).isEqualTo(String.valueOf(n));
  }

  @Test
  void theRunsDirectoryGoesWithItsOrigin() throws Exception {
    Path dir = tmp.resolve("short-lived");
    OriginServer other = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0).withSegmentFiles(dir), Clock.systemUTC());
    try (Stream<Path> runs = Files.list(dir)) {
      assertThat(runs.toList()).as("one run directory while it serves").hasSize(1);
    } finally {
      other.close();
    }
    try (Stream<Path> runs = Files.list(dir)) {
      assertThat(runs.toList()).as("deleted when it stops").isEmpty();
    }
  }
}
