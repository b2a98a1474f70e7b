package io.headwater.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range header cases of RFC 9110 14.1.2 against a 1000-byte representation. */
class ByteRangeTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    "bytes=0-499 | 0-499",
    "bytes=500-999 | 500-999",
    "bytes=500-5000 | 500-999",
    "bytes=-500 | 500-999",
    "bytes=-5000 | 0-999",
    "bytes=9500- | unsatisfiable",
    "bytes=1000- | unsatisfiable",
    "bytes=-0 | unsatisfiable",
    "bytes=999- | 999-999",
    "BYTES = 1-2 | whole",
    "Bytes=1-2 | 1-2",
    "bytes=0-0,-1 | whole",
    "bytes=5-1 | whole",
    "bytes=a-b | whole",
    "bytes=1 | whole",
    "items=0-1 | whole",
    "bytes=99999999999999999999-1 | whole",
    "null | whole",
  })
  void resolves(String header, String expected) {
    ByteRange r = ByteRange.of(header, 1000);
    String actual = r instanceof ByteRange.Part p ? p.first() + "-" + p.last()
        : r instanceof ByteRange.Unsatisfiable ? "unsatisfiable" : "whole";
    assertThat(actual).isEqualTo(expected);
  }
}
