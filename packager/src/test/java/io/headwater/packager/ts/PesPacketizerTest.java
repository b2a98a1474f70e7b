package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PesPacketizerTest {
  @Test
  void audioHeaderWithPtsOnly() {
    byte[] header = PesPacketizer.header(0xC0, 90_000, 90_000, 10);
    byte[] expected = {
      0x00, 0x00, 0x01, // packet_start_code_prefix
      (byte) 0xC0, // stream_id: audio stream 0
      0x00, 0x12, // PES_packet_length 18 = 3 + 5 + 10
      (byte) 0x84, // '10', not scrambled, priority 0, data_alignment 1, copyright 0, original 0
      (byte) 0x80, // PTS_DTS_flags '10', no other optional fields
      0x05, // PES_header_data_length
      // PTS 90000 = 0x0_0001_5F90: '0010', PTS[32..30]=000, marker
      0x21,
      0x00, 0x05, // PTS[29..15] = 2, marker
      (byte) 0xBF, 0x21, // PTS[14..0] = 0x5F90, marker
    };
    assertThat(header).containsExactly(expected);
  }

  @Test
  void videoHeaderWithPtsAndDtsAboveTwoToThe32() {
    long pts = 0x1_2345_6789L; // the 33rd bit set
    long dts = pts - 3003; // 0x1_2345_5BCE
    byte[] header = PesPacketizer.header(0xE0, pts, dts, 1000);
    byte[] expected = {
      0x00, 0x00, 0x01, // packet_start_code_prefix
      (byte) 0xE0, // stream_id: video stream 0
      0x03, (byte) 0xF5, // PES_packet_length 1013 = 3 + 10 + 1000
      (byte) 0x84, // '10', data_alignment_indicator 1
      (byte) 0xC0, // PTS_DTS_flags '11'
      0x0A, // PES_header_data_length
      0x39, // '0011', PTS[32..30] = 100, marker
      (byte) 0x8D, 0x15, // PTS[29..15] = 0x468A, marker
      (byte) 0xCF, 0x13, // PTS[14..0] = 0x6789, marker
      0x19, // '0001', DTS[32..30] = 100, marker
      (byte) 0x8D, 0x15, // DTS[29..15] = 0x468A, marker
      (byte) 0xB7, (byte) 0x9D, // DTS[14..0] = 0x5BCE, marker
    };
    assertThat(header).containsExactly(expected);
  }

  @Test
  void timestampsAreTakenModulo2To33() {
    long pts = (1L << 33) + 90_000;
    assertThat(PesPacketizer.header(0xC0, pts, pts, 10))
        .containsExactly(PesPacketizer.header(0xC0, 90_000, 90_000, 10));
  }

  @Test
  void dtsEqualToPtsIsNotWritten() {
    byte[] header = PesPacketizer.header(0xE0, 5000, 5000, 10);
    assertThat(header).hasSize(14);
    assertThat(header[7] & 0xC0).isEqualTo(0x80);
  }

  @Test
  void longVideoPacketHasLengthZero() {
    byte[] header = PesPacketizer.header(0xE0, 0, 0, 70_000);
    assertThat(header[4]).isZero();
    assertThat(header[5]).isZero();
    // The largest length that fits still gets written: 65535 - 8 payload bytes.
    byte[] fits = PesPacketizer.header(0xE0, 0, 0, 65_535 - 8);
    assertThat(((fits[4] & 0xFF) << 8) | (fits[5] & 0xFF)).isEqualTo(65_535);
  }

  @Test
  void longAudioPacketIsRefused() {
    assertThatThrownBy(() -> PesPacketizer.header(0xC0, 0, 0, 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0xc0");
  }

  @Test
  void packetizeAppendsThePayload() {
    byte[] payload = {1, 2, 3};
    byte[] pes = PesPacketizer.packetize(0xC0, 0, 0, payload);
    assertThat(pes).hasSize(14 + 3);
    assertThat(Arrays.copyOfRange(pes, 14, 17)).containsExactly(payload);
  }
}
