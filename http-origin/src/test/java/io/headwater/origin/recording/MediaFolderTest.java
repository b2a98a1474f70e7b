package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FLV files dropped into DATADIR/media play as VOD without a pre-processing step: the first
 * request packages the file into CMAF, later ones are served from the cache, and a replaced file
 * gets new URLs.
 */
class MediaFolderTest {
  @TempDir static Path dataDir;

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> {
    Files.createDirectories(dataDir.resolve("media"));
    Files.copy(Tools.sample("h264-baseline-aac.flv"), dataDir.resolve("media/clip.flv"));
    Files.write(dataDir.resolve("media/bad.flv"), "FLV? no, just text".getBytes());
    return c.withDataDir(dataDir);
  });

  private static String location(String path) throws Exception {
    HttpResponse<byte[]> r = origin.http().get(path);
    assertThat(r.statusCode()).as(path + ": " + new String(r.body())).isEqualTo(302);
    assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=60");
    return r.headers().firstValue("Location").orElseThrow();
  }

  private static double firstVideoPts(Path file, String... paths) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : paths) {
      out.write(origin.http().get(p).body());
    }
    Files.write(file, out.toByteArray());
    JsonNode probe = Tools.probe(file.toString(), "-select_streams", "v", "-show_packets");
    return probe.get("packets").get(0).get("pts_time").asDouble();
  }

  @Test
  void anFlvFilePlaysAsVodPackagedOnFirstRequest(@TempDir Path tmp) throws Exception {
    String multivariant = location("/vod/clip.flv/index.m3u8");
    assertThat(multivariant).matches("/vod/clip\\.flv/[a-z0-9]+/index\\.m3u8");
    String base = multivariant.replace("index.m3u8", "");
    String version = base.split("/")[3];
    Path manifest = dataDir.resolve("cache/vod/files/clip.flv/" + version + "/manifest.json");
    assertThat(manifest).isRegularFile();
    FileTime packagedAt = Files.getLastModifiedTime(manifest);

    String video = origin.http().text(base + "v.m3u8");
    assertThat(video).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST",
        "#EXT-X-INDEPENDENT-SEGMENTS");
    assertThat(video.split("#EXTINF:", -1)).as("five segments, one per source GOP").hasSize(6);
    assertThat(video.split("#EXTINF:2.00000,", -1)).as("the first four are 2 s").hasSize(5);
    assertThat(origin.http().get(base + "v.m3u8").headers().firstValue("Cache-Control"))
        .contains("public, max-age=86400");
    assertThat(origin.http().text(base + "index.mpd")).contains("type=\"static\"");

    String url = origin.http().url(base + "index.m3u8");
    assertThat(Tools.decodeErrors(url)).isEmpty();
    assertThat(Tools.probe(url, "-show_format").get("format").get("duration").asDouble())
        .isCloseTo(10.0, within(0.2));
    assertThat(Tools.decodeErrors(origin.http().url(base + "index.mpd"))).isEmpty();

    // Seeking to 4 s lands on the keyframe that starts segment 2, 4 s after segment 0's.
    String init = base + "v/" + version + "-init-0.mp4";
    double pts0 = firstVideoPts(tmp.resolve("s0.mp4"), init, base + "v/" + version + "-0.m4s");
    double pts2 = firstVideoPts(tmp.resolve("s2.mp4"), init, base + "v/" + version + "-2.m4s");
    assertThat(pts2 - pts0).isCloseTo(4.0, within(0.01));

    assertThat(location("/vod/clip.flv/index.mpd")).isEqualTo(base + "index.mpd");
    assertThat(Files.getLastModifiedTime(manifest)).as("served from the cache")
        .isEqualTo(packagedAt);
  }

  @Test
  void aReplacedFileGetsNewUrlsAndBadOrMissingFilesAClearAnswer() throws Exception {
    Files.copy(Tools.sample("aac-only.flv"), dataDir.resolve("media/tone.flv"));
    String first = location("/vod/tone.flv/a.m3u8");
    assertThat(origin.http().text(first)).contains("#EXT-X-ENDLIST");

    Files.copy(Tools.sample("h264-only.flv"), dataDir.resolve("media/tone.flv"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(dataDir.resolve("media/tone.flv"),
        FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    String second = location("/vod/tone.flv/v.m3u8");
    assertThat(second.replace("v.m3u8", "")).isNotEqualTo(first.replace("a.m3u8", ""));
    assertThat(origin.http().text(second)).contains("#EXT-X-ENDLIST");

    HttpResponse<byte[]> bad = origin.http().get("/vod/bad.flv/index.m3u8");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(new String(bad.body())).contains("bad.flv is not a playable H.264/AAC file");
    assertThat(origin.http().get("/vod/none.flv/index.m3u8").statusCode()).isEqualTo(404);
    assertThat(origin.http().text("/healthz")).as("the origin is fine").isNotNull();
  }

  /** The sample remuxed to MP4 by ffmpeg (stream copy), moov first or last. */
  private static void remux(String sample, Path out, boolean moovFirst) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Tools.ffmpeg(),
        "-v", "error", "-i", Tools.sample(sample).toString(), "-c", "copy"));
    if (moovFirst) {
      cmd.addAll(java.util.List.of("-movflags", "+faststart"));
    }
    cmd.add(out.toString());
    assertThat(Tools.run(cmd, 60).exitCode()).isZero();
  }

  @Test
  void mp4FilesPlayToo(@TempDir Path tmp) throws Exception {
    remux("h264-baseline-aac.flv", dataDir.resolve("media/clip.mp4"), true);
    remux("h264-high-bframes-aac.flv", dataDir.resolve("media/bframes.mp4"), false);
    Files.write(dataDir.resolve("media/broken.mp4"), new byte[] {0, 0, 0, 8, 'f', 't', 'y', 'p',
        0, 0, 0, 99, 'm', 'o', 'o', 'v'});

    String base = location("/vod/clip.mp4/index.m3u8").replace("index.m3u8", "");
    String version = base.split("/")[3];
    String video = origin.http().text(base + "v.m3u8");
    assertThat(video).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
    assertThat(video.split("#EXTINF:", -1)).as("five segments, one per source GOP").hasSize(6);
    String url = origin.http().url(base + "index.m3u8");
    assertThat(Tools.decodeErrors(url)).isEmpty();
    assertThat(Tools.probe(url, "-show_format").get("format").get("duration").asDouble())
        .isCloseTo(10.0, within(0.2));
    String init = base + "v/" + version + "-init-0.mp4";
    double pts0 = firstVideoPts(tmp.resolve("m0.mp4"), init, base + "v/" + version + "-0.m4s");
    double pts3 = firstVideoPts(tmp.resolve("m3.mp4"), init, base + "v/" + version + "-3.m4s");
    assertThat(pts3 - pts0).as("segment 3 starts at the source's 6 s keyframe")
        .isCloseTo(6.0, within(0.01));

    String bframes = origin.http().url(location("/vod/bframes.mp4/index.mpd"));
    assertThat(Tools.decodeErrors(bframes)).as("B-frames (ctts), moov after mdat").isEmpty();
    assertThat(Tools.probe(bframes, "-show_format").get("format").get("duration").asDouble())
        .isCloseTo(10.0, within(0.2));

    HttpResponse<byte[]> broken = origin.http().get("/vod/broken.mp4/index.m3u8");
    assertThat(broken.statusCode()).isEqualTo(422);
    assertThat(new String(broken.body())).contains("broken.mp4 is not a playable H.264/AAC file");
  }
}
