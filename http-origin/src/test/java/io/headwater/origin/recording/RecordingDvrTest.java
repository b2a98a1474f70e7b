package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.storage.Durability;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time shift from the recording while the stream is live: with a DVR window the recording's
 * playlists are live ones of the window and its MPD is dynamic with that timeShiftBufferDepth;
 * without one they are EVENT playlists of everything recorded. A player can start at the
 * window's first segment, which lies before the live playlist's edge.
 */
class RecordingDvrTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> {
    // A reconnect grace longer than the test keeps both streams live (their recordings being
    // written) after their 10 s publishes, however slowly a loaded machine runs the checks.
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 3,
        Duration.ofSeconds(60), Duration.ofMinutes(5));
    RecordingSettings recording = RecordingSettings.OFF
        .withPolicy(new RecordPolicy(Map.of("dvr", "true", "event", "true"), "false"))
        .withDvrWindows(Map.of("dvr", Duration.ofSeconds(4)))
        .withDurability(Durability.NONE);
    return c.withStreamSettings(settings).withDataDir(dataDir).withRecording(recording);
  });

  private static int recordedSegments(String app) throws Exception {
    for (JsonNode r : JSON.readTree(origin.http().text("/api/recordings")).get("recordings")) {
      if (r.get("app").asText().equals(app)) {
        return r.get("segments").asInt();
      }
    }
    return 0;
  }

  private static double firstVideoPts(byte[] initAndSegment, Path file) throws Exception {
    Files.write(file, initAndSegment);
    assertThat(Tools.decodeErrors(file.toString())).isEmpty();
    JsonNode probe = Tools.probe(file.toString(), "-select_streams", "v", "-show_packets");
    return probe.get("packets").get(0).get("pts_time").asDouble();
  }

  private static byte[] concat(String... paths) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : paths) {
      HttpResponse<byte[]> r = origin.http().get(p);
      assertThat(r.statusCode()).as(p).isEqualTo(200);
      out.write(r.body());
    }
    return out.toByteArray();
  }

  @Test
  void theRecordingTimeShiftsTheLiveStream(@TempDir Path tmp) throws Exception {
    Process dvr = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
        origin.rtmpUrl("dvr/cam"), true);
    Process event = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
        origin.rtmpUrl("event/talk"), true);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && recordedSegments("dvr") < 4) {
        Thread.sleep(100);
      }
      assertThat(recordedSegments("dvr")).isGreaterThanOrEqualTo(4);
      assertThat(origin.server().registry().get("dvr", "cam").isEnded()).as("still live").isFalse();

      HttpResponse<byte[]> redirect = origin.http().get("/vod/dvr/cam/current/v.m3u8");
      assertThat(redirect.statusCode()).isEqualTo(302);
      String base = redirect.headers().firstValue("Location").orElseThrow()
          .replace("v.m3u8", "");
      assertThat(base).matches("/vod/dvr/cam/[a-z0-9]+/");
      String epoch = base.split("/")[4];

      String window = origin.http().text(base + "v.m3u8");
      assertThat(window).doesNotContain("#EXT-X-PLAYLIST-TYPE").doesNotContain("#EXT-X-ENDLIST");
      Matcher seq = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(window);
      assertThat(seq.find()).isTrue();
      long first = Long.parseLong(seq.group(1));
      assertThat(first).as("older segments left the window").isPositive();
      assertThat(window.split("#EXTINF:", -1)).as("4 s window of 2 s segments").hasSize(3);
      assertThat(window).contains("v/" + epoch + "-" + first + ".m4s");

      String mpd = origin.http().text(base + "index.mpd");
      assertThat(mpd).contains("type=\"dynamic\"", "timeShiftBufferDepth=\"PT4S\"");

      // A player seeking to the window's start gets that segment, 2 s per segment after the first.
      String init = base + "v/" + epoch + "-init-0.mp4";
      double startPts = firstVideoPts(concat(init, base + "v/" + epoch + "-0.m4s"),
          tmp.resolve("first.mp4"));
      double windowPts = firstVideoPts(concat(init, base + "v/" + epoch + "-" + first + ".m4s"),
          tmp.resolve("window.mp4"));
      assertThat(windowPts - startPts).isCloseTo(first * 2.0, within(0.05));

      String eventPlaylist = origin.http().get("/vod/event/talk/current/v.m3u8").headers()
          .firstValue("Location").orElseThrow();
      String whole = origin.http().text(eventPlaylist);
      assertThat(whole).contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-MEDIA-SEQUENCE:0")
          .doesNotContain("#EXT-X-ENDLIST");
    } finally {
      dvr.destroyForcibly();
      event.destroyForcibly();
    }
    assertThat(dvr.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
