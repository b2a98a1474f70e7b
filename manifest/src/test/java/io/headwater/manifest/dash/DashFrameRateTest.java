package io.headwater.manifest.dash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DashFrameRateTest {
  @ParameterizedTest(name = "{0} mfps -> {1}")
  @CsvSource({
    "30000, 30",
    "25000, 25",
    "29970, 30000/1001",
    "23976, 24000/1001",
    "59940, 60000/1001",
    "12500, 25/2",
    "14985, 15000/1001",
  })
  void formatsFrameRateType(int frameRateMilli, String expected) {
    assertThat(DashFrameRate.format(frameRateMilli)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "-1"})
  void unknownRateIsOmitted(int frameRateMilli) {
    assertThat(DashFrameRate.format(frameRateMilli)).isNull();
  }
}
