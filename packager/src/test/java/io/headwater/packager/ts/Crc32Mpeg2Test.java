package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc32Mpeg2Test {
  @Test
  void checkValueOfTheCatalogue() {
    // The "check" value of CRC-32/MPEG-2 in the CRC catalogue.
    byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc32Mpeg2.compute(input)).isEqualTo(0x0376E6E7);
  }

  @Test
  void crcOfAPatAsFfmpegWritesIt() {
    // The PAT that ffmpeg's mpegts muxer writes (tsid 1, program 1 on PID 0x1000); its CRC_32 on
    // the wire is 2A B1 04 B2.
    byte[] pat = {0x00, (byte) 0xB0, 0x0D, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00, 0x00, 0x01,
        (byte) 0xF0, 0x00};
    assertThat(Crc32Mpeg2.compute(pat)).isEqualTo(0x2AB104B2);
  }

  @Test
  void crcOverTheSectionIncludingItsCrcIsZero() {
    // Annex A: the decoder's register is zero after a section with a correct CRC_32.
    byte[] pmt = PsiTables.pmt(0x100, java.util.List.of(new EsEntry(0x1B, 0x100)));
    assertThat(Crc32Mpeg2.compute(pmt)).isZero();
  }

  @Test
  void offsetAndLengthSelectTheRange() {
    byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc32Mpeg2.compute(padded, 2, 9)).isEqualTo(0x0376E6E7);
  }
}
