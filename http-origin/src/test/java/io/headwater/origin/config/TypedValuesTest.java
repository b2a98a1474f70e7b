package io.headwater.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypedValuesTest {
  @ParameterizedTest
  @CsvSource({"500ms,500", "2s,2000", "0.5s,500", "1m,60000", "1h,3600000", "30d,2592000000",
      "0s,0", "2S,2000"})
  void durations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(Durations.parse(Durations.format(Duration.ofMillis(millis))))
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "2 s", "s", "-1s", "0.0001s", "1y", ""})
  void badDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("allowed");
  }

  @ParameterizedTest
  @CsvSource({"100G,107374182400", "512M,536870912", "1K,1024", "7,7", "1T,1099511627776"})
  void sizes(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    assertThat(ByteSize.parse(ByteSize.parse(text).toString()).bytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"2500k,2500000", "50M,50000000", "1.5M,1500000", "128000,128000"})
  void bitrates(String text, long bps) {
    assertThat(Bitrate.parse(text).bitsPerSecond()).isEqualTo(bps);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "1.2345k", "-5M", "99999999999999999T"})
  void badSizesAndBitrates(String text) {
    assertThatThrownBy(() -> {
      Bitrate.parse(text);
      ByteSize.parse(text);
    }).isInstanceOf(IllegalArgumentException.class);
  }
}
