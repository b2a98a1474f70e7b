package io.headwater.packager.codec.h264;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;

/**
 * Converts H.264 access units from AVCC form (NAL units behind big-endian length prefixes, ISO/IEC
 * 14496-15 5.3.2) to the Annex B byte stream that MPEG-TS carries (ITU-T H.264 Annex B, ISO/IEC
 * 13818-1 2.14).
 */
public final class AnnexB {
  private static final byte[] START_CODE = {0, 0, 0, 1};
  // nal_unit_type values of ITU-T H.264 Table 7-1.
  private static final int NAL_IDR_SLICE = 5;
  private static final int NAL_SPS = 7;
  private static final int NAL_PPS = 8;
  private static final int NAL_AUD = 9;
  /**
   * An access unit delimiter (7.3.2.4): forbidden_zero_bit 0, nal_ref_idc 0, nal_unit_type 9;
   * then primary_pic_type 7 ("any slice type") in 3 bits, and rbsp_stop_one_bit plus alignment.
   * 2.14 of 13818-1 requires it at the start of every H.264 access unit in a TS.
   */
  private static final byte[] AUD = {0x09, (byte) 0xF0};

  private AnnexB() {}

  /**
   * One access unit in Annex B form: an AUD first; any SPS, PPS or AUD the sample carried are
   * dropped; before an IDR picture ({@code keyframe}, or an IDR slice in the sample) the SPS and
   * PPS of {@code config} follow the AUD; then the sample's other NAL units in order.
   *
   * @param avccSample NAL units each behind a {@code nalLengthSize}-byte length
   * @param nalLengthSize 1, 2 or 4 (lengthSizeMinusOne + 1 of the avcC record)
   */
  public static byte[] fromAvcc(byte[] avccSample, int nalLengthSize, AvcConfig config,
      boolean keyframe) throws MalformedMediaException {
    if (nalLengthSize != 1 && nalLengthSize != 2 && nalLengthSize != 4) {
      throw new IllegalArgumentException("NAL length size " + nalLengthSize);
    }
    if (avccSample.length == 0) {
      throw new MalformedMediaException("empty H.264 sample: no NAL units");
    }
    ByteWriter body = new ByteWriter(avccSample.length + 64);
    boolean idr = keyframe;
    ByteReader reader = new ByteReader(avccSample);
    while (reader.hasRemaining()) {
      int nalOffset = reader.position();
      long length = switch (nalLengthSize) {
        case 1 -> reader.readU8("NAL unit length");
        case 2 -> reader.readU16("NAL unit length");
        default -> reader.readU32("NAL unit length");
      };
      if (length > reader.bytesLeft()) {
        throw new MalformedMediaException("NAL unit length " + length + " at offset " + nalOffset
            + " exceeds the " + reader.bytesLeft() + " bytes left in the sample");
      }
      if (length == 0) {
        continue; // an empty NAL unit carries nothing; some encoders pad with them
      }
      int nalUnitType = reader.peekU8("nal_unit_type") & 0x1F; // forbidden_zero_bit, nal_ref_idc
      int start = reader.position();
      reader.skip((int) length, "NAL unit");
      if (nalUnitType == NAL_SPS || nalUnitType == NAL_PPS || nalUnitType == NAL_AUD) {
        continue;
      }
      idr |= nalUnitType == NAL_IDR_SLICE;
      body.bytes(START_CODE);
      body.bytes(avccSample, start, (int) length);
    }
    ByteWriter out = new ByteWriter(body.size() + 128);
    out.bytes(START_CODE).bytes(AUD);
    if (idr) {
      for (byte[] sps : config.sps()) {
        out.bytes(START_CODE).bytes(sps);
      }
      for (byte[] pps : config.pps()) {
        out.bytes(START_CODE).bytes(pps);
      }
    }
    out.bytes(body.toByteArray());
    return out.toByteArray();
  }
}
