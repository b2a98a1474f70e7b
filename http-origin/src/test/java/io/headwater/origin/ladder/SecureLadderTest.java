package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.PlaylistUris;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.security.PlaybackToken;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.origin.transcode.Rung;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transcoding ladder with security on: an application that needs publish keys still
 * transcodes (the rungs publish with the origin's internal credential), while an outside
 * publisher can take a rung name neither without a key nor with a made-up credential; with
 * playback tokens on, a viewer with a token for the group plays every rendition by following the
 * group manifests' URIs, which carry each rendition's own token.
 */
class SecureLadderTest {
  private static final String KEY = "the-source-key";
  private static final String PLAYBACK_SECRET = "the-ladder-playback-secret";
  private static OriginServer server;
  private static Http http;
  private static Process source;
  private static final PlaybackToken TOKENS = new PlaybackToken(PLAYBACK_SECRET,
      Clock.systemUTC());
  private static final Pattern MPD_REPRESENTATION = Pattern.compile(
      "<Representation id=\"([^\"]+)\"[^>]*>\\s*(?:<BaseURL>([^<]*)</BaseURL>)?\\s*"
      + "<SegmentTemplate[^>]*initialization=\"([^\"]+)\"");

  @BeforeAll
  static void start() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6,
        Duration.ofSeconds(30), Duration.ofMinutes(5));
    AbrSettings ladder = new AbrSettings(RenditionNaming.UNDERSCORE,
        List.of(new Rung("144p", 144, 150_000)), Tools.ffmpeg());
    SecuritySettings security = SecuritySettings.from(new ConfigLoader().parse("""
        apps:
          live:
            publish: { keys: { src: %s } }
            playback: { signingSecret: %s }
        """.formatted(KEY, PLAYBACK_SECRET), List.of()));
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withStreamSettings(settings).withAccessLog(false)
        .withAbr(Map.of("live", ladder)), Clock.systemUTC(), security);
    http = new Http(server.httpPort());
  }

  @AfterAll
  static void stop() throws Exception {
    LadderPublisher.stop(source);
    if (server != null) {
      server.close();
    }
  }

  private static String rtmp(String pathAndQuery) {
    return "rtmp://127.0.0.1:" + server.rtmpPort() + "/" + pathAndQuery;
  }

  /** Publishes two seconds of the sample to {@code pathAndQuery}, as fast as ffmpeg can. */
  private static Tools.Result publishBriefly(String pathAndQuery) throws Exception {
    return Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-i", Tools.sample(LadderPublisher.SAMPLE).toString(), "-t", "2", "-c", "copy",
        "-f", "flv", rtmp(pathAndQuery)), 60);
  }

  private static void assertRefused(Tools.Result r, String reason) {
    assertThat(r.exitCode()).as("ffmpeg fails: %s", r.stderr()).isNotZero();
    assertThat(r.stderr()).contains(reason);
  }

  /** Starts the keyed source once and waits until its rung has a segment. */
  private static synchronized void awaitLadder() throws Exception {
    if (source == null) {
      source = LadderPublisher.copy(rtmp("live/src?key=" + KEY));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      LiveStream rung = server.registry().get("live", "src_144p");
      if (rung != null && rung.isPublishing() && rung.view() != null
          && !rung.view().snapshot().segments().isEmpty()) {
        return;
      }
      assertThat(source.isAlive()).as("the keyed source publisher is refused").isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError("live/src_144p never got a segment from the transcoder");
  }

  @Test
  void anApplicationWithPublishKeysTranscodesAndKeepsItsRungNamesClosed() throws Exception {
    // Before the source is live: a rung name is an ordinary stream name that needs its key.
    assertRefused(publishBriefly("live/src_144p"), "no publish key configured");
    assertRefused(publishBriefly("live/src_144p?hw_rung=00112233445566778899aabbccddeeff"),
        "transcoder credential not valid");
    assertThat(server.registry().get("live", "src_144p")).isNull();

    awaitLadder();
    LiveStream rung = server.registry().get("live", "src_144p");
    assertThat(rung.view().currentFormats().video().avc().height()).isEqualTo(144);

    // While the transcoder publishes: a made-up credential, and one for the source name.
    assertRefused(publishBriefly("live/src_144p?hw_rung=00112233445566778899aabbccddeeff"),
        "transcoder credential not valid");
    assertRefused(publishBriefly("live/src?hw_rung=00112233445566778899aabbccddeeff"),
        "transcoder credential not valid for live/src");
    assertThat(source.isAlive()).as("the source publisher stays").isTrue();
  }

  @Test
  void aGroupTokenPlaysEveryRenditionThroughTheGroupManifests() throws Exception {
    awaitLadder();
    long exp = Instant.now().getEpochSecond() + 600;
    String group = "token=" + TOKENS.sign("/live/src/", exp, null) + "&exp=" + exp;
    String rung = "token=" + TOKENS.sign("/live/src_144p/", exp, null) + "&exp=" + exp;
    assertThat(http.get("/live/src/index.m3u8").statusCode()).isEqualTo(403);
    assertThat(http.get("/live/src_144p/v.m3u8?" + group).statusCode())
        .as("the group's token alone does not open a rendition").isEqualTo(403);

    String multivariant = http.awaitText("/live/src/index.m3u8?" + group, "src_144p",
        Duration.ofSeconds(30));
    assertThat(multivariant).contains("\nv.m3u8?" + group + "\n")
        .contains("\n../src_144p/v.m3u8?" + rung + "\n")
        .contains("URI=\"a.m3u8?" + group + "\"");
    // Every playlist the group names, and every object they name, opens with what it carries.
    for (String playlist : PlaylistUris.of(multivariant)) {
      String url = resolve("/live/src/index.m3u8", playlist);
      String media = http.awaitText(url, "#EXTINF", Duration.ofSeconds(30));
      List<String> objects = PlaylistUris.of(media);
      assertThat(objects).as(url).isNotEmpty().allMatch(u -> u.contains("token="));
      for (String object : List.of(objects.get(0), objects.get(objects.size() - 1))) {
        String objectUrl = resolve(url, object);
        assertThat(http.get(objectUrl).statusCode()).as(objectUrl).isEqualTo(200);
      }
    }

    // A rung joins the MPD from the first Period where its segments start with the source's.
    String mpd = http.awaitText("/live/src/index.mpd?" + group, "id=\"src_144p\"",
        Duration.ofSeconds(30));
    Matcher m = MPD_REPRESENTATION.matcher(mpd);
    List<String> representations = new ArrayList<>();
    while (m.find()) {
      representations.add(m.group(1));
      String base = m.group(2) == null ? "" : m.group(2).replace("&amp;", "&");
      String init = m.group(3).replace("&amp;", "&");
      assertThat(init).as(m.group(1)).contains(m.group(1).equals("src_144p") ? rung : group);
      String initUrl = resolve(resolve("/live/src/index.mpd", base), init);
      assertThat(http.get(initUrl).statusCode()).as(initUrl).isEqualTo(200);
    }
    assertThat(representations).contains("src", "src_144p");

    // ffprobe opens the MPEG-TS group and each of its variants by the URIs alone.
    JsonNode probe = Tools.probe(http.url("/live/src/ts/abr.m3u8?" + group), "-show_streams",
        "-select_streams", "v");
    List<String> heights = new ArrayList<>();
    probe.path("streams").forEach(v -> heights.add(v.path("height").asText()));
    assertThat(heights).contains("360", "144");
  }

  /** {@code reference} resolved against {@code base} (RFC 3986 5.2), as path and query. */
  private static String resolve(String base, String reference) {
    URI resolved = URI.create("http://origin" + base).resolve(reference);
    return resolved.getRawPath()
        + (resolved.getRawQuery() == null ? "" : "?" + resolved.getRawQuery());
  }
}
