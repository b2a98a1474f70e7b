package io.headwater.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.PublishRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamNamesTest {
  @ParameterizedTest
  @CsvSource({"live,cam1", "event,cam_720", "a,B-1.x", "live2,0123456789012345678901234567890123456789012345678901234567890123"})
  void acceptsValidNames(String app, String stream) {
    assertThatCode(() -> StreamNames.validate(app, stream)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "live|''|stream name is empty",
      "live|../etc|characters outside",
      "live|.hidden|starts with '.'",
      "live|a..b|contains '..'",
      "live|a/b|characters outside",
      "live|caf\u00e9|characters outside",
      "live|01234567890123456789012345678901234567890123456789012345678901234|longer than 64",
      "api|cam|reserved",
      "vod|cam|reserved",
      "Metrics|cam|reserved",
      "healthz|cam|reserved",
      "time|cam|reserved",
      "li ve|cam|application name"})
  void refusesInvalidNamesWithBadName(String app, String stream, String reason) {
    assertThatThrownBy(() -> StreamNames.validate(app, stream))
        .isInstanceOf(PublishRejectedException.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((PublishRejectedException) e).statusCode())
        .isEqualTo("NetStream.Publish.BadName");
  }

  /**
   * Names are ASCII only, so look-alikes of an existing name cannot exist: Cyrillic, Greek and
   * fullwidth letters, invisible joiners and a combining mark are all refused.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "c\u0430m1",  // CYRILLIC SMALL LETTER A
      "cam\u0031\u200d",  // ZERO WIDTH JOINER
      "\u03bfbs",  // GREEK SMALL LETTER OMICRON
      "\uff43\uff41\uff4d1",  // FULLWIDTH c a m
      "cam\u00a01",  // NO-BREAK SPACE
      "came\u0301",  // COMBINING ACUTE ACCENT
      "\u0441\u0430m1"})  // Cyrillic es and a
  void refusesUnicodeConfusables(String stream) {
    assertThatThrownBy(() -> StreamNames.validate("live", stream))
        .isInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("characters outside [A-Za-z0-9._-]");
    assertThatThrownBy(() -> StreamNames.validate(stream, "cam1"))
        .isInstanceOf(PublishRejectedException.class)
        .hasMessageContaining("application name");
  }
}
