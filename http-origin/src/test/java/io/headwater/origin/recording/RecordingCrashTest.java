package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.Http;
import io.headwater.origin.Main;
import io.headwater.origin.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording survives {@code kill -9}: Main runs in a child JVM with recording configured,
 * ffmpeg publishes in real time, the child is killed (SIGKILL) in the middle of a segment, and a
 * new child on the same data directory lists the recording and serves it as VOD that ffprobe
 * decodes without error, exactly as long as the source up to the last complete segment.
 */
class RecordingCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BANNER =
      Pattern.compile("Headwater listening: RTMP port (\\d+), HTTP port (\\d+)");
  private static final String SAMPLE = "h264-baseline-aac.flv";

  private static Process startMain(Path dir, String name, Path config) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--config", config.toString(), "--bind", "127.0.0.1", "--rtmp-port", "0",
        "--http-port", "0", "--data-dir", dir.resolve("data").toString(), "--no-access-log"));
    return new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".log").toFile()).start();
  }

  private static Matcher awaitBanner(Process origin, Path dir, String name) throws Exception {
    Path out = dir.resolve(name + ".out");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && origin.isAlive()) {
      Matcher m = BANNER.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (m.find()) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no banner from " + name + "; log:\n"
        + Files.readString(dir.resolve(name + ".log")));
  }

  /** The recordings the origin lists. */
  private static JsonNode recordings(Http http) throws Exception {
    return JSON.readTree(http.text("/api/recordings")).get("recordings");
  }

  /** Times of the source's video keyframes in seconds: where its segments start. */
  private static List<Double> sourceKeyframes() throws Exception {
    List<Double> times = new ArrayList<>();
    JsonNode probe = Tools.probe(Tools.sample(SAMPLE).toString(), "-select_streams", "v",
        "-show_entries", "packet=pts_time,flags");
    for (JsonNode p : probe.get("packets")) {
      if (p.get("flags").asText().startsWith("K")) {
        times.add(p.get("pts_time").asDouble());
      }
    }
    return times;
  }

  @Test
  void aRecordingKilledMidSegmentPlaysToItsLastCompleteSegmentAfterRestart(@TempDir Path dir)
      throws Exception {
    Path config = Files.writeString(dir.resolve("headwater.yaml"),
        "apps:\n  live:\n    record: true\n    lowLatency: { enabled: false }\n");
    Process first = startMain(dir, "first", config);
    Process ffmpeg = null;
    Process second = null;
    try {
      Matcher ports = awaitBanner(first, dir, "first");
      Http http = new Http(Integer.parseInt(ports.group(2)));
      ffmpeg = Tools.publish(Tools.sample(SAMPLE),
          "rtmp://127.0.0.1:" + ports.group(1) + "/live/crash", /* realTime= */ true);

      // Kill once three segments are recorded: the fourth is then being written.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int listedBeforeKill = 0;
      while (System.nanoTime() < deadline && listedBeforeKill < 3) {
        JsonNode list = recordings(http);
        listedBeforeKill = list.isEmpty() ? 0 : list.get(0).get("segments").asInt();
        Thread.sleep(100);
      }
      assertThat(listedBeforeKill).as("segments recorded before the kill").isGreaterThanOrEqualTo(3);
      assertThat(ffmpeg.isAlive()).as("still publishing at the kill").isTrue();
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no final manifest
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      ffmpeg.destroyForcibly();

      second = startMain(dir, "second", config);
      Http after = new Http(Integer.parseInt(awaitBanner(second, dir, "second").group(2)));
      JsonNode list = recordings(after);
      assertThat(list).hasSize(1);
      JsonNode rec = list.get(0);
      assertThat(rec.get("stream").asText()).isEqualTo("crash");
      assertThat(rec.get("recording").asBoolean()).as("nobody writes it any more").isFalse();
      assertThat(rec.get("ended").asBoolean()).as("the stream never ended cleanly").isFalse();
      int segments = rec.get("segments").asInt();
      assertThat(segments).isGreaterThanOrEqualTo(listedBeforeKill);

      String base = rec.get("urls").get("hls").asText().replace("index.m3u8", "");
      String video = after.text(base + "v.m3u8");
      assertThat(video).startsWith("#EXTM3U\n").contains("#EXT-X-PLAYLIST-TYPE:VOD\n")
          .endsWith("#EXT-X-ENDLIST\n");
      assertThat(video.split("#EXTINF:", -1)).hasSize(segments + 1);
      assertThat(after.text(base + "index.mpd")).contains("type=\"static\"");

      List<Double> keyframes = sourceKeyframes();
      assertThat(keyframes.size()).as("the source has a keyframe after the last recorded segment")
          .isGreaterThan(segments);
      double expected = keyframes.get(segments) - keyframes.get(0);
      String url = after.url(base + "index.m3u8");
      assertThat(Tools.decodeErrors(url)).isEmpty();
      double probed = Tools.probe(url, "-show_format").get("format").get("duration").asDouble();
      assertThat(probed).as("VOD duration = source time up to the last complete segment")
          .isCloseTo(expected, within(0.1));
      assertThat(rec.get("durationSeconds").asDouble()).isCloseTo(expected, within(0.05));
    } finally {
      if (ffmpeg != null) {
        ffmpeg.destroyForcibly();
      }
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
        second.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
