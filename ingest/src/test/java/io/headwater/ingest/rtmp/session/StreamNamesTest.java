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
}
