package io.headwater.packager.ts;

import io.headwater.packager.io.ByteWriter;

/**
 * Builds PES packets (ISO/IEC 13818-1 2.4.3.6, 2.4.3.7) around one access unit: the optional PES
 * header with a 33-bit PTS, and a DTS only when it differs from the PTS.
 */
public final class PesPacketizer {
  /** stream_id of the first video stream (Table 2-22: 1110 xxxx). */
  public static final int STREAM_ID_VIDEO = 0xE0;
  /** stream_id of the first audio stream (Table 2-22: 110x xxxx). */
  public static final int STREAM_ID_AUDIO = 0xC0;
  /** Timestamps are 33-bit counters of a 90 kHz clock. */
  public static final long TIMESTAMP_MASK = (1L << 33) - 1;

  private static final int MAX_PES_PACKET_LENGTH = 0xFFFF;

  private PesPacketizer() {}

  /** A whole PES packet: {@link #header} followed by {@code payload}. */
  public static byte[] packetize(int streamId, long pts90k, long dts90k, byte[] payload) {
    byte[] header = header(streamId, pts90k, dts90k, payload.length);
    ByteWriter w = new ByteWriter(header.length + payload.length);
    w.bytes(header);
    w.bytes(payload);
    return w.toByteArray();
  }

  /**
   * Bytes of the PES header {@link #header} writes for these timestamps: 9 fixed bytes, then 5
   * for the PTS and 5 more for a DTS that differs from it (2.4.3.7).
   */
  public static int headerLength(long pts90k, long dts90k) {
    boolean withDts = (pts90k & TIMESTAMP_MASK) != (dts90k & TIMESTAMP_MASK);
    return 9 + (withDts ? 10 : 5);
  }

  /**
   * The PES header for a payload of {@code payloadLength} bytes. Timestamps are taken modulo
   * 2^33; the DTS is written only when it differs from the PTS (PTS_DTS_flags '11', else '10').
   * PES_packet_length is 0 (unbounded) for a video packet longer than 65535 bytes, which 2.4.3.7
   * allows for video elementary streams only; longer audio packets are refused.
   */
  public static byte[] header(int streamId, long pts90k, long dts90k, int payloadLength) {
    byte[] out = new byte[headerLength(pts90k, dts90k)];
    header(streamId, pts90k, dts90k, payloadLength, out, 0);
    return out;
  }

  /**
   * {@link #header(int, long, long, int)} written into {@code out} from {@code offset}, the
   * {@link #headerLength} bytes a writer reserved in front of the payload.
   */
  public static void header(int streamId, long pts90k, long dts90k, int payloadLength,
      byte[] out, int offset) {
    long pts = pts90k & TIMESTAMP_MASK;
    long dts = dts90k & TIMESTAMP_MASK;
    boolean withDts = pts != dts;
    int headerDataLength = withDts ? 10 : 5;
    long pesPacketLength = 3L + headerDataLength + payloadLength; // bytes after this field
    boolean video = (streamId & 0xF0) == 0xE0;
    if (pesPacketLength > MAX_PES_PACKET_LENGTH) {
      if (!video) {
        throw new IllegalArgumentException("PES packet of stream 0x" + Integer.toHexString(streamId)
            + " too long: " + pesPacketLength + " bytes; only video may use length 0");
      }
      pesPacketLength = 0;
    }
    int i = offset;
    out[i++] = 0x00; // packet_start_code_prefix 0x000001
    out[i++] = 0x00;
    out[i++] = 0x01;
    out[i++] = (byte) streamId; // stream_id
    out[i++] = (byte) (pesPacketLength >>> 8); // PES_packet_length
    out[i++] = (byte) pesPacketLength;
    // '10', PES_scrambling_control '00', PES_priority '0', data_alignment_indicator '1' (each PES
    // starts with an access unit), copyright '0', original_or_copy '0'
    out[i++] = (byte) 0x84;
    // PTS_DTS_flags, ESCR_flag, ES_rate_flag, DSM_trick_mode_flag, additional_copy_info_flag,
    // PES_CRC_flag, PES_extension_flag
    out[i++] = (byte) (withDts ? 0xC0 : 0x80);
    out[i++] = (byte) headerDataLength; // PES_header_data_length
    writeTimestamp(out, i, withDts ? 0b0011 : 0b0010, pts);
    if (withDts) {
      writeTimestamp(out, i + 5, 0b0001, dts);
    }
  }

  /**
   * Five bytes: a 4-bit prefix, TS[32..30], marker, TS[29..15], marker, TS[14..0], marker
   * (2.4.3.6, the PTS and DTS fields).
   */
  private static void writeTimestamp(byte[] out, int offset, int prefix, long ts) {
    out[offset] = (byte) ((prefix << 4) | (int) (((ts >>> 30) & 0x07) << 1) | 1);
    int middle = (int) (((ts >>> 15) & 0x7FFF) << 1) | 1;
    out[offset + 1] = (byte) (middle >>> 8);
    out[offset + 2] = (byte) middle;
    int low = (int) ((ts & 0x7FFF) << 1) | 1;
    out[offset + 3] = (byte) (low >>> 8);
    out[offset + 4] = (byte) low;
  }
}
