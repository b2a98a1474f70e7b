package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.origin.transcode.Rung;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transcoding ladder with security on: an application that needs publish keys still
 * transcodes (the rungs publish with the origin's internal credential), while an outside
 * publisher can take a rung name neither without a key nor with a made-up credential.
 */
class SecureLadderTest {
  private static final String KEY = "the-source-key";
  private static final String PLAYBACK_SECRET = "the-ladder-playback-secret";
  private static OriginServer server;
  private static Http http;
  private static Process source;

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
}
