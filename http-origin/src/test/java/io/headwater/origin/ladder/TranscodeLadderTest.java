package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.transcode.Rung;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server-side ladder: one 640x360 source published to an application with a two-rung ladder
 * gets the renditions src_240p and src_144p from the origin's own ffmpeg, grouped with the source
 * under /live/src/; a killed ffmpeg is started again; a publisher that leaves takes it along.
 */
class TranscodeLadderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c
      .withStreamSettings(new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30),
          Duration.ofMinutes(5)))
      .withAbr(Map.of("live", new AbrSettings(RenditionNaming.UNDERSCORE,
          List.of(new Rung("240p", 240, 400_000), new Rung("144p", 144, 150_000)),
          Tools.ffmpeg()))));

  @Test
  void theOriginTranscodesTheSourceRestartsTheTranscoderAndStopsIt() throws Exception {
    Process source = LadderPublisher.copy(origin.rtmpUrl("live/src"));
    long firstPid;
    try {
      String multivariant = awaitVariants(3);
      assertThat(multivariant).contains("RESOLUTION=640x360").contains("\nv.m3u8\n")
          .contains("RESOLUTION=426x240").contains("\n../src_240p/v.m3u8\n")
          .contains("RESOLUTION=256x144").contains("\n../src_144p/v.m3u8\n")
          .as("the source's audio is the group's").contains("URI=\"a.m3u8\"");
      for (String[] rung : new String[][] {{"src_240p", "240"}, {"src_144p", "144"}}) {
        JsonNode probe = Tools.probe(origin.http().url("/live/" + rung[0] + "/ts/index.m3u8"),
            "-show_streams", "-select_streams", "v");
        JsonNode video = probe.path("streams").get(0);
        assertThat(video.path("codec_name").asText()).as(rung[0]).isEqualTo("h264");
        assertThat(video.path("height").asText()).as(rung[0]).isEqualTo(rung[1]);
        String segment = firstSegment("/live/" + rung[0] + "/ts/index.m3u8");
        assertThat(Tools.decodeErrors(origin.http().url(segment))).as("decode " + segment)
            .isEmpty();
      }

      // Keyframes forced where the source has them, timestamps kept: the rungs' segments start
      // where the source's do, so the MPD lists all three in one AdaptationSet.
      String mpd = awaitMpdRepresentations("id=\"src_144p\"", "id=\"src_240p\"",
          "id=\"src\"");
      assertThat(mpd).contains("<BaseURL>../src_240p/</BaseURL>");

      JsonNode running = awaitTranscoder(t -> t.path("state").asText().equals("running")
          && t.path("speed").asDouble() > 0 && t.path("cpuPercent").asDouble() > 0);
      assertThat(running.path("renditions").toString()).contains("src_240p", "src_144p");
      firstPid = running.path("pid").asLong();
      ProcessHandle ffmpeg = ProcessHandle.of(firstPid).orElseThrow();
      assertThat(ffmpeg.info().command().orElse("")).contains("ffmpeg");

      ffmpeg.destroyForcibly();
      JsonNode restarted = awaitTranscoder(t -> t.path("state").asText().equals("running")
          && t.path("pid").asLong() != firstPid);
      assertThat(restarted.path("restarts").asInt()).isEqualTo(1);
      awaitVariants(3);

      String metrics = origin.http().text("/metrics");
      assertThat(metrics).contains("headwater_transcoders 1.0")
          .contains("headwater_transcoder_restarts_total 1.0")
          .contains("headwater_transcoder_cpu_cores ");

      long secondPid = restarted.path("pid").asLong();
      LadderPublisher.stop(source);
      ProcessHandle second = ProcessHandle.of(secondPid).orElse(null);
      if (second != null) {
        assertThat(second.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive())
            .as("the transcoder ends with its publisher").isFalse();
      }
      JsonNode api = JSON.readTree(origin.http().text("/api/streams/live/src"));
      assertThat(api.path("abr").path("transcoder").isMissingNode())
          .as("no transcoder listed once the publisher left: %s", api).isTrue();
    } finally {
      LadderPublisher.stop(source);
    }
  }

  /** Polls the group MPD until it has all {@code needles} (segments appear one by one). */
  private static String awaitMpdRepresentations(String... needles) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = origin.http().text("/live/src/index.mpd");
      boolean all = true;
      for (String n : needles) {
        all &= last.contains(n);
      }
      if (all) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("/live/src/index.mpd lacks one of " + List.of(needles) + ":\n"
        + last);
  }

  private static String firstSegment(String playlist) throws Exception {
    String text = origin.http().awaitText(playlist, ".ts", Duration.ofSeconds(30));
    for (String line : text.split("\n")) {
      if (line.endsWith(".ts")) {
        return playlist.substring(0, playlist.lastIndexOf('/') + 1) + line;
      }
    }
    throw new AssertionError("no segment in " + text);
  }

  private static String awaitVariants(int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      var r = origin.http().get("/live/src/index.m3u8");
      last = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
      if (r.statusCode() == 200 && last.split("#EXT-X-STREAM-INF", -1).length - 1 == count) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("/live/src/index.m3u8 did not list " + count + " variants:\n"
        + last);
  }

  private static JsonNode awaitTranscoder(Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = JSON.readTree(origin.http().text("/api/streams/live/src")).path("abr")
          .path("transcoder");
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("transcoder never reached the expected state; last " + last);
  }
}
