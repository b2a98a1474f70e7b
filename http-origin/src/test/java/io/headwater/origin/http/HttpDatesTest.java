package io.headwater.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  private final HttpDates dates = new HttpDates();

  @Test
  void writesImfFixdateWithATwoDigitDay() {
    // RFC 9110 5.6.7's own example; RFC_1123_DATE_TIME would write "Sun, 6 Nov".
    assertThat(dates.format(Instant.parse("1994-11-06T08:49:37.900Z")))
        .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void secondsThatShareACacheSlotStayApart() {
    long t = Instant.parse("2026-11-22T06:00:00Z").getEpochSecond();
    assertThat(dates.format(t)).isEqualTo("Sun, 22 Nov 2026 06:00:00 GMT");
    assertThat(dates.format(t + 64)).isEqualTo("Sun, 22 Nov 2026 06:01:04 GMT");
    assertThat(dates.format(t)).isEqualTo("Sun, 22 Nov 2026 06:00:00 GMT");
  }
}
