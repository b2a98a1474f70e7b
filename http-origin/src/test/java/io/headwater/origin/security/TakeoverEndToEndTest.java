package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Tools;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A second publisher on a live stream name, with real ffmpeg: refused by default, the first one
 * keeps publishing; with {@code publish.takeover: true} an authenticated second publisher
 * replaces the first, which is disconnected.
 */
class TakeoverEndToEndTest {
  private static final String CONFIG = """
      apps:
        live: { publish: { keys: { "*": k3y-live-0123 } } }
        tv: { publish: { keys: { "*": k3y-tv-012345 }, takeover: true } }
      """;

  private static Process publishLive(SecureOrigin origin, String pathAndQuery, String app)
      throws Exception {
    Process first = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
        origin.rtmpUrl(pathAndQuery), /* realTime= */ true);
    origin.http.awaitText("/" + app + "/cam1/ts/index.m3u8", "#EXTINF", Duration.ofSeconds(20));
    return first;
  }

  @Test
  void aSecondPublisherIsRefusedByDefault() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      Process first = publishLive(origin, "live/cam1?key=k3y-live-0123", "live");
      try {
        Tools.Result second = origin.publish("live/cam1?key=k3y-live-0123");
        assertThat(second.exitCode()).as("second publisher: %s", second.stderr()).isNotZero();
        assertThat(second.stderr()).contains("already being published");
        assertThat(first.isAlive()).as("the first publisher goes on").isTrue();
      } finally {
        first.destroy();
        first.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void withTakeoverAnAuthenticatedSecondPublisherReplacesTheFirst() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      Process first = publishLive(origin, "tv/cam1?key=k3y-tv-012345", "tv");
      try {
        Tools.Result wrongKey = origin.publish("tv/cam1?key=guess-guess-01");
        assertThat(wrongKey.exitCode()).isNotZero();
        assertThat(first.isAlive()).as("a wrong key takes nothing over").isTrue();

        Tools.Result second = origin.publish("tv/cam1?key=k3y-tv-012345");
        assertThat(second.exitCode()).as("second publisher: %s", second.stderr()).isZero();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("first publisher ended").isTrue();
        assertThat(first.exitValue()).as("first publisher was cut off, not finished")
            .isNotZero();
        assertThat(origin.http.text("/tv/cam1/ts/index.m3u8"))
            .contains("#EXT-X-DISCONTINUITY");
      } finally {
        first.destroy();
      }
    }
  }
}
