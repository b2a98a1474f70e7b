package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.io.ByteWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PSI sections against the bytes ffmpeg 7.1's mpegts muxer writes for the same program. */
class PsiTablesTest {
  private static final byte[] PAT_SECTION = {
    0x00, // table_id: program_association_section
    (byte) 0xB0, 0x0D, // section_syntax_indicator 1, '0', reserved '11', section_length 13
    0x00, 0x01, // transport_stream_id 1
    (byte) 0xC1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, // section_number
    0x00, // last_section_number
    0x00, 0x01, // program_number 1
    (byte) 0xF0, 0x00, // reserved '111', program_map_PID 0x1000
    0x2A, (byte) 0xB1, 0x04, (byte) 0xB2, // CRC_32
  };

  private static final byte[] PMT_SECTION = {
    0x02, // table_id: TS_program_map_section
    (byte) 0xB0, 0x17, // section_syntax_indicator 1, '0', reserved '11', section_length 23
    0x00, 0x01, // program_number 1
    (byte) 0xC1, // reserved '11', version_number 0, current_next_indicator 1
    0x00, // section_number
    0x00, // last_section_number
    (byte) 0xE1, 0x00, // reserved '111', PCR_PID 0x100
    (byte) 0xF0, 0x00, // reserved '1111', program_info_length 0
    0x1B, // stream_type: AVC video (ITU-T H.264 | ISO/IEC 14496-10)
    (byte) 0xE1, 0x00, // reserved '111', elementary_PID 0x100
    (byte) 0xF0, 0x00, // reserved '1111', ES_info_length 0
    0x0F, // stream_type: ISO/IEC 13818-7 audio with ADTS transport syntax
    (byte) 0xE1, 0x01, // reserved '111', elementary_PID 0x101
    (byte) 0xF0, 0x00, // reserved '1111', ES_info_length 0
    0x2F, 0x44, (byte) 0xB9, (byte) 0x9B, // CRC_32
  };

  @Test
  void patSectionMatchesFfmpeg() {
    assertThat(PsiTables.pat(1, 0x1000)).containsExactly(PAT_SECTION);
  }

  @Test
  void pmtSectionForVideoAndAudioMatchesFfmpeg() {
    byte[] pmt = PsiTables.pmt(0x100, List.of(new EsEntry(EsEntry.STREAM_TYPE_H264, 0x100),
        new EsEntry(EsEntry.STREAM_TYPE_AAC_ADTS, 0x101)));
    assertThat(pmt).containsExactly(PMT_SECTION);
  }

  @Test
  void patPacketIsHeaderPointerFieldSectionAndFfStuffing() {
    ByteWriter out = new ByteWriter();
    new TsPacketWriter().writePsi(0x0000, PsiTables.pat(1, 0x1000), out);
    byte[] packet = out.toByteArray();
    byte[] expectedStart = {
      0x47, // sync_byte
      0x40, 0x00, // transport_error 0, payload_unit_start 1, priority 0, PID 0x0000
      0x10, // scrambling '00', adaptation_field_control '01' (payload only), continuity_counter 0
      0x00, // pointer_field
    };
    assertThat(packet).hasSize(188);
    assertThat(Arrays.copyOfRange(packet, 0, 5)).containsExactly(expectedStart);
    assertThat(Arrays.copyOfRange(packet, 5, 5 + PAT_SECTION.length)).containsExactly(PAT_SECTION);
    for (int i = 5 + PAT_SECTION.length; i < 188; i++) {
      assertThat(packet[i]).as("byte %d", i).isEqualTo((byte) 0xFF);
    }
  }

  @Test
  void audioOnlyPmtCarriesThePcrOnTheAudioPid() {
    byte[] pmt = PsiTables.pmt(0x101, List.of(new EsEntry(EsEntry.STREAM_TYPE_AAC_ADTS, 0x101)));
    assertThat(pmt).hasSize(3 + 9 + 5 + 4);
    assertThat(pmt[8] & 0x1F).isEqualTo(0x01); // PCR_PID high bits
    assertThat(pmt[9] & 0xFF).isEqualTo(0x01);
    assertThat(Crc32Mpeg2.compute(pmt)).isZero();
  }
}
