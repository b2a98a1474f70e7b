package io.headwater.packager.ts;

import io.headwater.packager.io.ByteWriter;
import java.util.List;

/**
 * Program-specific information sections (ISO/IEC 13818-1 2.4.4): the PAT and the PMT of a
 * single-program stream. Pure functions returning whole sections, CRC_32 included; the packet
 * writer adds the pointer_field.
 */
public final class PsiTables {
  /** The program_number of our single program. */
  public static final int PROGRAM_NUMBER = 1;
  /** The PID carrying the PMT, as ffmpeg's mpegts muxer uses by default. */
  public static final int PMT_PID = 0x1000;
  /** The PID carrying the PAT (Table 2-3). */
  public static final int PAT_PID = 0x0000;
  /** The transport_stream_id written in the PAT. */
  private static final int TRANSPORT_STREAM_ID = 1;

  private PsiTables() {}

  /** A program_association_section (2.4.4.3) listing one program. */
  public static byte[] pat(int programNumber, int pmtPid) {
    checkPid(pmtPid, "program_map_PID");
    ByteWriter w = new ByteWriter(16);
    w.u8(0x00); // table_id: program_association_section (Table 2-31)
    // section_syntax_indicator '1', '0', reserved '11', section_length (12): from after this
    // field to the end of the CRC: 5 header bytes + 4 per program + 4 CRC.
    w.u16(0xB000 | (5 + 4 + 4));
    w.u16(TRANSPORT_STREAM_ID); // transport_stream_id
    w.u8(0xC1); // reserved '11', version_number '00000', current_next_indicator '1'
    w.u8(0x00); // section_number
    w.u8(0x00); // last_section_number
    w.u16(programNumber); // program_number
    w.u16(0xE000 | pmtPid); // reserved '111', program_map_PID (13)
    return withCrc(w);
  }

  /** A TS_program_map_section (2.4.4.8) for program 1 with no descriptors. */
  public static byte[] pmt(int pcrPid, List<EsEntry> streams) {
    checkPid(pcrPid, "PCR_PID");
    if (streams.isEmpty()) {
      throw new IllegalArgumentException("a PMT needs at least one elementary stream");
    }
    ByteWriter w = new ByteWriter(32);
    w.u8(0x02); // table_id: TS_program_map_section (Table 2-31)
    // section_syntax_indicator '1', '0', reserved '11', section_length (12): 9 header bytes after
    // it + 5 per stream + 4 CRC.
    w.u16(0xB000 | (9 + 5 * streams.size() + 4));
    w.u16(PROGRAM_NUMBER); // program_number
    w.u8(0xC1); // reserved '11', version_number '00000', current_next_indicator '1'
    w.u8(0x00); // section_number
    w.u8(0x00); // last_section_number
    w.u16(0xE000 | pcrPid); // reserved '111', PCR_PID (13)
    w.u16(0xF000); // reserved '1111', program_info_length (12) = 0
    for (EsEntry es : streams) {
      w.u8(es.streamType()); // stream_type
      w.u16(0xE000 | es.pid()); // reserved '111', elementary_PID (13)
      w.u16(0xF000); // reserved '1111', ES_info_length (12) = 0
    }
    return withCrc(w);
  }

  private static byte[] withCrc(ByteWriter w) {
    byte[] body = w.toByteArray();
    w.u32(Crc32Mpeg2.compute(body) & 0xFFFFFFFFL); // CRC_32 (Annex A)
    return w.toByteArray();
  }

  private static void checkPid(int pid, String what) {
    if (pid < 0 || pid > 0x1FFE) {
      throw new IllegalArgumentException(what + " " + pid);
    }
  }
}
