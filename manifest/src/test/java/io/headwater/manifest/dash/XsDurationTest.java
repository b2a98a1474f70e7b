package io.headwater.manifest.dash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XsDurationTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("zero", Duration.ZERO, "PT0S"),
        Arguments.of("millis", Duration.ofMillis(2002), "PT2.002S"),
        Arguments.of("hours minutes half", Duration.ofMillis(3_723_500), "PT1H2M3.5S"),
        Arguments.of("sub-second", Duration.ofMillis(500), "PT0.5S"),
        Arguments.of("tens of ms", Duration.ofMillis(1_010), "PT1.01S"),
        Arguments.of("whole minute", Duration.ofMinutes(1), "PT1M"),
        Arguments.of("whole hour", Duration.ofHours(1), "PT1H"),
        Arguments.of("hour and a ms", Duration.ofMillis(3_600_001), "PT1H0.001S"),
        Arguments.of("more than a day stays in hours", Duration.ofMillis(90_061_010),
            "PT25H1M1.01S"),
        Arguments.of("sub-millisecond truncated", Duration.ofNanos(2_002_999_999), "PT2.002S"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void formats(String name, Duration value, String expected) {
    assertThat(XsDuration.format(value)).isEqualTo(expected);
  }

  @Test
  void ticksToMillisAreExact() {
    // 2.002 s at 90 kHz (a 60-frame GOP at 29.97 fps).
    assertThat(XsDuration.floorMillis(180_180, 90_000)).isEqualTo(Duration.ofMillis(2002));
    // One frame at 30 fps is 33.333 ms.
    assertThat(XsDuration.floorMillis(3_000, 90_000)).isEqualTo(Duration.ofMillis(33));
    assertThat(XsDuration.ceilMillis(3_000, 90_000)).isEqualTo(Duration.ofMillis(34));
    // 26.5 hours at 90 kHz does not overflow or lose precision.
    assertThat(XsDuration.floorMillis(8_586_000_000L + 90, 90_000))
        .isEqualTo(Duration.ofMillis(95_400_001));
  }

  @Test
  void rejectsNegative() {
    assertThatThrownBy(() -> XsDuration.format(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> XsDuration.floorMillis(-1, 90_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
