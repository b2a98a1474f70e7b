package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Http;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.recording.RecordPolicy;
import io.headwater.origin.recording.RecordingSettings;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.storage.Durability;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest node of a cluster ({@code storage.type: s3}) whose application records with a DVR
 * window: its live playlists still list the window (far more than memory holds), and the
 * recording goes to the store under {@code recordings/APP/STREAM/EPOCH/} as well, the same files
 * as on disk once the node has stopped. The 20 s sample is published at four times real time.
 */
class IngestRecordingTest {
  private static final int LIVE_SEGMENTS = 3;
  private static final int PUBLISHED_SEGMENTS = 10; // 2 x 10 s of 2 s GOPs

  @RegisterExtension
  final S3ProxyExtension s3 = ClusterStore.s3proxy("ingest");

  @TempDir Path dataDir;
  private ClusterStore bucket;
  private OriginServer node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
    if (bucket != null) {
      bucket.close();
    }
  }

  @Test
  void dvrWindowStaysOnTheLiveUrlsAndTheRecordingReachesTheStore() throws Exception {
    bucket = ClusterStore.open(s3);
    // A long reconnect grace keeps the stream live once the publisher is done.
    StreamSettings streams = new StreamSettings(Duration.ofSeconds(2), LIVE_SEGMENTS,
        Duration.ofMinutes(2), Duration.ofMinutes(5));
    RecordingSettings recording = RecordingSettings.OFF
        .withPolicy(new RecordPolicy(Map.of("dvr", "true"), "false"))
        .withDvrWindows(Map.of("dvr", Duration.ofSeconds(60)))
        .withDurability(Durability.NONE);
    node = bucket.ingestNode(ClusterStore.LOOPBACK.withStreamSettings(streams)
        .withDataDir(dataDir).withRecording(recording), SecuritySettings.OPEN,
        "http://127.0.0.1:1");
    Process publisher = new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-readrate", "4", "-stream_loop", "1",
        "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-c", "copy", "-f", "flv",
        "rtmp://127.0.0.1:" + node.rtmpPort() + "/dvr/cam")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(publisher.waitFor(90, TimeUnit.SECONDS)).as("publisher finished").isTrue();
    LiveStream stream = awaitSegments(PUBLISHED_SEGMENTS);
    String epoch = stream.epoch();

    Http http = new Http(node.httpPort());
    HttpResponse<byte[]> live = http.get("/dvr/cam/v.m3u8");
    assertThat(live.statusCode()).isEqualTo(200);
    String playlist = new String(live.body(), StandardCharsets.UTF_8);
    List<String> listed = Arrays.stream(playlist.split("\n"))
        .filter(l -> l.endsWith(".m4s")).toList();
    assertThat(listed).as("the DVR window on an ingest node, not the %d live segments:\n%s",
        LIVE_SEGMENTS, playlist).hasSizeGreaterThanOrEqualTo(PUBLISHED_SEGMENTS - 1);
    assertThat(http.get("/dvr/cam/" + listed.get(0)).statusCode())
        .as("the window's first segment, released from memory").isEqualTo(200);

    // An origin node whose clock runs past the stale limit sees the ingest node as dead: it
    // serves the stored live MPD as static, with the duration the clean end then writes.
    awaitStored(http, "media/dvr/cam/v.m3u8", epoch + "-" + (PUBLISHED_SEGMENTS - 1) + ".m4s");
    String orphaned;
    try (OriginServer later = bucket.originNode(ClusterStore.LOOPBACK,
        Clock.offset(Clock.systemUTC(), Duration.ofMillis(StoreOriginHandler.STALE_MILLIS * 2)),
        SecuritySettings.OPEN)) {
      orphaned = new String(new Http(later.httpPort()).get("/dvr/cam/index.mpd").body(),
          StandardCharsets.UTF_8);
    }

    node.close(); // ends the stream; the recording's last manifest goes up before the queue stops
    node = null;
    String ended = new String(bucket.store().get("media/dvr/cam/index.mpd").orElseThrow().bytes(),
        StandardCharsets.UTF_8);
    assertThat(ended).as("the MPD of the clean end").contains("type=\"static\"");
    assertThat(orphaned).as("the orphaned stream's MPD").contains("type=\"static\"")
        .doesNotContain("minimumUpdatePeriod")
        .contains(attribute(ended, "mediaPresentationDuration"));
    Path onDisk = dataDir.resolve("recordings").resolve("dvr").resolve("cam").resolve(epoch);
    Set<String> diskFiles;
    try (Stream<Path> files = Files.walk(onDisk)) {
      diskFiles = files.filter(Files::isRegularFile)
          .map(p -> onDisk.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    String prefix = ObjectKeys.RECORDINGS + "dvr/cam/" + epoch + "/";
    Set<String> stored = bucket.store().list(prefix).stream()
        .map(o -> o.key().substring(prefix.length()))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(diskFiles).contains("manifest.json");
    assertThat(diskFiles.stream().filter(f -> f.endsWith(".m4s")).count())
        .as("recorded segments (video and audio)").isGreaterThanOrEqualTo(2L * PUBLISHED_SEGMENTS);
    assertThat(stored).as("the recording in the store").isEqualTo(diskFiles);
    String storedManifest = new String(bucket.store().get(prefix + "manifest.json")
        .orElseThrow().bytes(), StandardCharsets.UTF_8);
    assertThat(storedManifest).as("the final manifest")
        .isEqualTo(Files.readString(onDisk.resolve("manifest.json")))
        .contains("\"ended\":true");
    assertThat(bucket.store().head(prefix + "manifest.json").orElseThrow().contentType())
        .isEqualTo("application/json");
    String segment = diskFiles.stream().filter(f -> f.startsWith("v/") && f.endsWith(".m4s"))
        .findFirst().orElseThrow();
    assertThat(bucket.store().get(prefix + segment).orElseThrow().bytes())
        .isEqualTo(Files.readAllBytes(onDisk.resolve(segment)));
  }

  /** {@code name="VALUE"} of the first such attribute in {@code xml}. */
  private static String attribute(String xml, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=\"[^\"]+\"")
        .matcher(xml);
    assertThat(m.find()).as(name + " in\n" + xml).isTrue();
    return m.group();
  }

  /**
   * Polls until the stored object {@code key} contains {@code text} and the upload queue is
   * empty (the manifests written with it are stored too).
   */
  private void awaitStored(Http http, String key, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean stored = bucket.store().get(key)
          .map(o -> new String(o.bytes(), StandardCharsets.UTF_8).contains(text)).orElse(false);
      String metrics = new String(http.get("/metrics").body(), StandardCharsets.UTF_8);
      if (stored && metrics.contains("\nheadwater_object_store_queued_bytes 0.0")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(key + " did not come to contain " + text);
  }

  /** Polls until the stream has {@code count} segments and its publisher has left. */
  private LiveStream awaitSegments(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      LiveStream s = node.registry().get("dvr", "cam");
      if (s != null && s.view() != null && !s.isPublishing()
          && s.view().snapshot().lastSegment().sequenceNumber() >= count - 1) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("dvr/cam did not reach " + count + " segments");
  }
}
