package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.storage.Durability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording through the real pipeline: ffmpeg publishes, the recorder writes the CMAF objects
 * and manifest under the data directory, and the recording plays as VOD (HLS and static DASH)
 * from /vod, is listed and deleted through /api/recordings, and a recording whose disk fails
 * stops while the live stream goes on.
 */
class RecordingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c
      .withStreamSettings(new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofMillis(500),
          Duration.ofMinutes(5)))
      .withDataDir(dataDir)
      .withRecording(RecordingSettings.OFF
          .withPolicy(new RecordPolicy(Map.of("live", "show*", "event", "true"), "false"))
          .withDurability(Durability.NONE)));

  private static void publishToEnd(String sample, String app, String stream) throws Exception {
    origin.publishToEnd(sample, app + "/" + stream);
    origin.http().awaitText("/" + app + "/" + stream + "/index.mpd", "type=\"static\"",
        Duration.ofSeconds(20));
  }

  /** Polls the recordings API until {@code app/stream} is listed and finished. */
  private static JsonNode awaitFinishedRecording(String app, String stream) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode r : JSON.readTree(origin.http().text("/api/recordings")).get("recordings")) {
        if (r.get("app").asText().equals(app) && r.get("stream").asText().equals(stream)
            && r.get("ended").asBoolean() && !r.get("recording").asBoolean()) {
          return r;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(app + "/" + stream + " was not listed as a finished recording: "
        + origin.http().text("/api/recordings"));
  }

  private static double extinfSum(String playlist) {
    double sum = 0;
    for (String line : playlist.split("\n")) {
      if (line.startsWith("#EXTINF:")) {
        sum += Double.parseDouble(line.substring(8, line.indexOf(',')));
      }
    }
    return sum;
  }

  @Test
  void aRecordedStreamPlaysAsVodOverHlsAndDash() throws Exception {
    publishToEnd("h264-baseline-aac.flv", "live", "show1");
    JsonNode rec = awaitFinishedRecording("live", "show1");
    String base = rec.get("urls").get("hls").asText().replace("index.m3u8", "");
    String epoch = rec.get("epoch").asText();
    assertThat(base).isEqualTo("/vod/live/show1/" + epoch + "/");
    assertThat(rec.get("segments").asInt()).isEqualTo(5);
    assertThat(rec.get("durationSeconds").asDouble()).isCloseTo(10.0, within(0.1));
    assertThat(rec.get("sizeBytes").asLong()).isGreaterThan(500_000);
    assertThat(dataDir.resolve("recordings/live/show1/" + epoch + "/manifest.json"))
        .isRegularFile();
    assertThat(dataDir.resolve("recordings/live/show1/" + epoch + "/v/" + epoch + "-0.m4s"))
        .isRegularFile();

    HttpResponse<byte[]> multivariant = origin.http().get(base + "index.m3u8");
    assertThat(multivariant.statusCode()).isEqualTo(200);
    assertThat(multivariant.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
    String video = origin.http().text(base + "v.m3u8");
    assertThat(video).contains("#EXT-X-PLAYLIST-TYPE:VOD\n", "#EXT-X-ENDLIST\n",
        "#EXT-X-MAP:URI=\"v/" + epoch + "-init-0.mp4\"");
    assertThat(extinfSum(video)).isCloseTo(10.0, within(0.05));
    assertThat(origin.http().text(base + "a.m3u8"))
        .contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");

    HttpResponse<byte[]> segment = origin.http().get(base + "v/" + epoch + "-0.m4s");
    assertThat(segment.statusCode()).isEqualTo(200);
    assertThat(segment.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(segment.headers().firstValue("Content-Type")).contains("video/mp4");
    HttpResponse<byte[]> range = origin.http().get(base + "v/" + epoch + "-0.m4s", "Range",
        "bytes=4-7");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(new String(range.body(), StandardCharsets.US_ASCII)).isEqualTo("styp");
    assertThat(origin.http().get(base + "v/" + epoch + "-99.m4s").statusCode()).isEqualTo(404);

    String mpd = origin.http().text(base + "index.mpd");
    assertThat(mpd).contains("type=\"static\"").doesNotContain("timeShiftBufferDepth");

    String hlsUrl = origin.http().url(base + "index.m3u8");
    JsonNode probe = Tools.probe(hlsUrl, "-show_format", "-show_streams");
    assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(10.0, within(0.2));
    assertThat(probe.get("streams")).hasSize(2);
    assertThat(Tools.decodeErrors(hlsUrl)).isEmpty();
    assertThat(Tools.decodeErrors(origin.http().url(base + "index.mpd"))).isEmpty();
  }

  @Test
  void onlyStreamsThePolicySelectsAreRecordedAndOneCanBeDeleted() throws Exception {
    publishToEnd("aac-only.flv", "live", "rehearsal");
    publishToEnd("aac-only.flv", "event", "talk");
    JsonNode rec = awaitFinishedRecording("event", "talk");
    for (JsonNode r : JSON.readTree(origin.http().text("/api/recordings")).get("recordings")) {
      assertThat(r.get("stream").asText()).isNotEqualTo("rehearsal");
    }
    String base = rec.get("urls").get("hls").asText().replace("index.m3u8", "");
    assertThat(origin.http().get(base + "v.m3u8").statusCode()).as("audio-only: no video playlist")
        .isEqualTo(404);
    assertThat(origin.http().text(base + "a.m3u8")).contains("#EXT-X-ENDLIST");

    HttpClient client = HttpClient.newHttpClient();
    String api = origin.http().url(rec.get("urls").get("api").asText());
    HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(api)).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(204);
    HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(api)).DELETE()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(origin.http().get(base + "a.m3u8").statusCode()).isEqualTo(404);
    assertThat(dataDir.resolve("recordings/event/talk")).doesNotExist();
  }

  @Test
  void aFailingDiskStopsTheRecordingButNotTheLiveStream() throws Exception {
    // A plain file where the stream's recording directory must go: every write fails.
    Files.createDirectories(dataDir.resolve("recordings/live"));
    Files.write(dataDir.resolve("recordings/live/show-blocked"), new byte[] {1});
    long failedBefore = JSON.readTree(origin.http().text("/api/recordings")).get("recorder")
        .get("failed").asLong();

    publishToEnd("h264-baseline-aac.flv", "live", "show-blocked");

    String live = origin.http().text("/live/show-blocked/v.m3u8");
    assertThat(extinfSum(live)).as("the live stream has every segment").isCloseTo(10.0,
        within(0.05));
    JsonNode api = JSON.readTree(origin.http().text("/api/recordings"));
    assertThat(api.get("recorder").get("failed").asLong()).isEqualTo(failedBefore + 1);
    assertThat(origin.http().text("/metrics"))
        .contains("headwater_recording_failures_total " + (double) (failedBefore + 1));
    for (JsonNode r : api.get("recordings")) {
      assertThat(r.get("stream").asText()).isNotEqualTo("show-blocked");
    }
  }
}
