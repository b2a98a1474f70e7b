package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.pipeline.StreamSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RTMP in, HLS with MPEG-TS out: real ffmpeg publishes each sample file over a real socket, the
 * playlist and segments are fetched over HTTP and checked with ffprobe and ffmpeg.
 */
class TsEndToEndTest {
  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c.withStreamSettings(
      new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(1), Duration.ofMinutes(5))));

  @TempDir static Path tmp;

  /** Publishes a whole file as fast as ffmpeg sends it and waits for the stream to end. */
  private static MediaPlaylist publishToEnd(String file, String stream) throws Exception {
    origin.publishToEnd(file, "live/" + stream);
    String text = origin.http().awaitText("/live/" + stream + "/ts/index.m3u8", "#EXT-X-ENDLIST",
        Duration.ofSeconds(20));
    return MediaPlaylist.parse(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "h264-high-bframes-aac.flv, bframes, true, true",
    "h264-baseline-aac.flv, baseline, true, true",
    "aac-only.flv, audioonly, false, true",
    "h264-only.flv, videoonly, true, false",
  })
  void publishedFileBecomesPlayableTsSegments(String file, String stream, boolean hasVideo,
      boolean hasAudio) throws Exception {
    MediaPlaylist playlist = publishToEnd(file, stream);

    assertThat(playlist.targetDuration()).isEqualTo(2);
    assertThat(playlist.mediaSequence()).isZero();
    assertThat(playlist.segments()).hasSize(5);
    assertThat(playlist.segments().get(0).programDateTime()).isNotNull();
    double listed = 0;
    for (MediaPlaylist.Entry e : playlist.segments()) {
      assertThat(Math.round(e.duration())).as("rounded EXTINF of %s", e.uri())
          .isLessThanOrEqualTo(playlist.targetDuration());
      listed += e.duration();
    }
    assertThat(listed).as("total listed duration").isCloseTo(10.0, within(0.05));

    JsonNode source = Tools.probe(Tools.sample(file).toString(), "-show_packets",
        "-show_streams");
    Path all = tmp.resolve(stream + "-all.ts");
    List<byte[]> bytes = new ArrayList<>();
    int videoPackets = 0;
    int audioPackets = 0;
    boolean anyPtsNotDts = false;
    for (MediaPlaylist.Entry e : playlist.segments()) {
      HttpResponse<byte[]> r = origin.http().get("/live/" + stream + "/ts/" + e.uri());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp2t");
      assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      bytes.add(r.body());
      Path seg = tmp.resolve(stream + "-" + e.uri());
      Files.write(seg, r.body());

      JsonNode probe = Tools.probe(seg.toString(), "-show_packets", "-show_streams");
      List<String> codecs = new ArrayList<>();
      probe.get("streams").forEach(s -> codecs.add(s.get("codec_name").asText()));
      if (hasVideo) {
        assertThat(codecs).contains("h264");
      }
      if (hasAudio) {
        assertThat(codecs).contains("aac");
      }
      assertThat(codecs).hasSize((hasVideo ? 1 : 0) + (hasAudio ? 1 : 0));

      double first = Double.MAX_VALUE;
      double last = -Double.MAX_VALUE;
      double frame = 0;
      boolean firstVideo = true;
      for (JsonNode p : probe.get("packets")) {
        boolean video = p.get("codec_type").asText().equals("video");
        if (video) {
          videoPackets++;
          if (firstVideo) {
            assertThat(p.get("flags").asText()).as("first video packet of %s", e.uri())
                .startsWith("K");
            firstVideo = false;
          }
          if (!p.get("pts_time").asText().equals(p.get("dts_time").asText())) {
            anyPtsNotDts = true;
          }
        } else {
          audioPackets++;
        }
        if (video == hasVideo) {
          double t = p.get(video ? "dts_time" : "pts_time").asDouble();
          first = Math.min(first, t);
          last = Math.max(last, t);
          frame = p.get("duration_time").asDouble();
        }
      }
      double measured = last + frame - first;
      assertThat(e.duration()).as("EXTINF of %s vs ffprobe", e.uri())
          .isCloseTo(measured, within(hasVideo ? 1 / 30.0 + 0.001 : 1024 / 48000.0 + 0.001));
    }

    int sourceVideo = 0;
    int sourceAudio = 0;
    for (JsonNode p : source.get("packets")) {
      if (p.get("codec_type").asText().equals("video")) {
        sourceVideo++;
      } else {
        sourceAudio++;
      }
    }
    assertThat(videoPackets).as("video frames").isEqualTo(sourceVideo);
    assertThat(audioPackets).as("audio frames").isBetween(sourceAudio - 2, sourceAudio);
    if (file.contains("bframes")) {
      assertThat(anyPtsNotDts).as("B-frames keep pts != dts").isTrue();
    }

    try (var out = Files.newOutputStream(all)) {
      for (byte[] b : bytes) {
        out.write(b);
      }
    }
    assertThat(Tools.decodeErrors(all.toString())).as("ffmpeg decode errors").isEmpty();
  }

  @Test
  void playlistHeadersFollowTheCacheContract() throws Exception {
    Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
        origin.rtmpUrl("live/headers"), true);
    try {
      origin.http().awaitText("/live/headers/ts/index.m3u8", "#EXTINF", Duration.ofSeconds(20));
      HttpResponse<byte[]> r = origin.http().get("/live/headers/ts/index.m3u8");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("application/vnd.apple.mpegurl");
      assertThat(r.headers().firstValue("Cache-Control").orElseThrow())
          .startsWith("public, max-age=1");
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
      String etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(r.headers().firstValue("Last-Modified")).isPresent();

      HttpResponse<byte[]> again = origin.http().get("/live/headers/ts/index.m3u8", "If-None-Match",
          etag);
      // Either the playlist did not change (304) or a new segment arrived in between (200).
      assertThat(again.statusCode()).isIn(200, 304);
      if (again.statusCode() == 304) {
        assertThat(again.body()).isEmpty();
      }
      HttpResponse<byte[]> stale = origin.http().get("/live/headers/ts/index.m3u8", "If-None-Match",
          "\"not-this-one\"");
      assertThat(stale.statusCode()).isEqualTo(200);

      HttpResponse<byte[]> missing = origin.http().get("/live/headers/ts/zzzz-999.ts");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.headers().firstValue("Cache-Control").orElseThrow())
          .startsWith("public, max-age=1");
      assertThat(origin.http().get("/live/nosuchstream/ts/index.m3u8").statusCode()).isEqualTo(404);
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void reconnectWithinGraceContinuesThePlaylistAfterADiscontinuity() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 20,
        Duration.ofSeconds(30), Duration.ofMinutes(5));
    try (LoopbackOrigin own = LoopbackOrigin.start(c -> c.withStreamSettings(settings))) {
      Http client = own.http();
      for (int i = 0; i < 2; i++) {
        own.publishToEnd("h264-baseline-aac.flv", "live/again");
        int expected = 5 * (i + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (MediaPlaylist.parse(client.text("/live/again/ts/index.m3u8")).segments().size()
            < expected && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      MediaPlaylist playlist = MediaPlaylist.parse(client.text("/live/again/ts/index.m3u8"));
      assertThat(playlist.endList()).as("still within the grace period").isFalse();
      assertThat(playlist.segments()).hasSize(10);
      assertThat(playlist.segments().get(5).discontinuity()).isTrue();
      assertThat(playlist.segments().stream().filter(MediaPlaylist.Entry::discontinuity))
          .hasSize(1);
      assertThat(playlist.segments().get(5).programDateTime()).isNotNull();
      Set<String> uris = new HashSet<>();
      for (MediaPlaylist.Entry e : playlist.segments()) {
        assertThat(uris.add(e.uri())).as("unique URI %s", e.uri()).isTrue();
      }
      Path joined = tmp.resolve("again.ts");
      try (var out = Files.newOutputStream(joined)) {
        for (MediaPlaylist.Entry e : playlist.segments()) {
          out.write(client.get("/live/again/ts/" + e.uri()).body());
        }
      }
      assertThat(Tools.decodeErrors(joined.toString())).isEmpty();

      // The CMAF side of the same break: a second init segment and a second DASH Period.
      String video = client.text("/live/again/v.m3u8");
      assertThat(video.lines().filter(l -> l.startsWith("#EXT-X-MAP:"))).hasSize(2);
      assertThat(video.lines().filter(l -> l.equals("#EXT-X-DISCONTINUITY"))).hasSize(1);
      String mpd = client.text("/live/again/index.mpd");
      assertThat(mpd).contains("type=\"dynamic\"").contains("<Period id=\"p0\" start=\"PT0S\"")
          .contains("<Period id=\"p5\"");
      String p5 = mpd.substring(mpd.indexOf("<Period id=\"p5\""));
      assertThat(p5).contains("-init-5.mp4").contains("startNumber=\"5\"");
      String start = p5.replaceAll("(?s)^<Period id=\"p5\" start=\"PT([0-9.]+)S\".*", "$1");
      // Both publishes sent their 10 s as fast as ffmpeg could, ahead of the wall clock: the
      // second Period starts where the first one's media ended, not back at the wall clock.
      assertThat(Double.parseDouble(start)).isBetween(10.0, 10.1);
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
