package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Tools;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The address lists: per application, CIDR allow/deny for publishers and for viewers. */
class AccessListEndToEndTest {
  private static final String CONFIG = """
      apps:
        blocked: { publish: { deny: ["127.0.0.0/8", "::1"] } }
        lan:     { playback: { allow: ["10.0.0.0/8", "fd00::/8"] } }
        local:   { publish: { allow: ["127.0.0.0/8"] }, playback: { allow: ["127.0.0.0/8", "::1"] } }
        denied:  { playback: { deny: ["127.0.0.1/32"] } }
      """;

  @Test
  void publishersOutsideTheListsAreRefusedAndViewersGet403() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      Tools.Result blocked = origin.publish("blocked/cam");
      assertThat(blocked.exitCode()).isNotZero();
      assertThat(blocked.stderr()).contains("publishing from 127.0.0.1 is not allowed");
      assertThat(origin.exists("blocked", "cam")).isFalse();

      for (String app : new String[] {"lan", "local", "denied"}) {
        Tools.Result r = origin.publish(app + "/cam");
        assertThat(r.exitCode()).as(app + ": " + r.stderr()).isZero();
      }
      origin.http.awaitText("/local/cam/index.m3u8", "#EXT-X-STREAM-INF", Duration.ofSeconds(20));
      for (String app : new String[] {"lan", "denied"}) {
        for (String object : new String[] {"index.m3u8", "v.m3u8", "index.mpd",
            "ts/index.m3u8", "thumbnail.jpg"}) {
          var r = origin.http.get("/" + app + "/cam/" + object);
          assertThat(r.statusCode()).as(app + "/" + object).isEqualTo(403);
          assertThat(new String(r.body(), StandardCharsets.UTF_8))
              .contains("address not allowed");
        }
      }
      assertThat(origin.http.get("/local/cam/v.m3u8").statusCode()).isEqualTo(200);
    }
  }
}
