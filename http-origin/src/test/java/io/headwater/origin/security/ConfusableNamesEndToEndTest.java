package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Tools;
import org.junit.jupiter.api.Test;

/**
 * Names are ASCII only: an encoder publishing to a look-alike of a stream name (Cyrillic
 * {@code а} in {@code cаm1}) is refused, and the look-alike path serves nothing.
 */
class ConfusableNamesEndToEndTest {
  @Test
  void aLookAlikeNameIsRefusedAtPublishAndServesNothing() throws Exception {
    try (SecureOrigin origin = new SecureOrigin("")) {
      Tools.Result r = origin.publish("live/c\u0430m1");
      assertThat(r.exitCode()).as("ffmpeg is refused: %s", r.stderr()).isNotZero();
      assertThat(r.stderr()).contains("characters outside [A-Za-z0-9._-]");
      assertThat(origin.server.registry().streams()).isEmpty();
      for (String path : new String[] {"/live/c%D0%B0m1/index.m3u8", "/live/c%D0%B0m1/v.m3u8",
          "/l%D1%96ve/cam1/index.m3u8", "/live/%EF%BD%83am1/index.mpd"}) {
        int status = origin.http.get(path).statusCode();
        assertThat(status).as(path).isIn(400, 404);
      }
    }
  }
}
