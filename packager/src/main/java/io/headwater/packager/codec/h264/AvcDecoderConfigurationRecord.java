package io.headwater.packager.codec.h264;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), the H.264 sequence header
 * of FLV (AVCPacketType 0) and the body of an MP4 {@code avcC} box, into an {@link AvcConfig}.
 *
 * <pre>
 * configurationVersion          u(8)  = 1
 * AVCProfileIndication          u(8)
 * profile_compatibility         u(8)
 * AVCLevelIndication            u(8)
 * reserved '111111'b            u(6)
 * lengthSizeMinusOne            u(2)  0, 1 or 3
 * reserved '111'b               u(3)
 * numOfSequenceParameterSets    u(5)
 *   sequenceParameterSetLength  u(16), sequenceParameterSetNALUnit
 * numOfPictureParameterSets     u(8)
 *   pictureParameterSetLength   u(16), pictureParameterSetNALUnit
 * [High profiles: chroma_format, bit depths, SPS extensions; ignored here]
 * </pre>
 */
public final class AvcDecoderConfigurationRecord {
  private AvcDecoderConfigurationRecord() {}

  /**
   * Parses the record; the profile, constraint flags and level of the codec string come from the
   * first SPS (its bytes 1..3), the picture size and frame rate from its parse ({@link SpsInfo}).
   */
  public static AvcConfig parse(byte[] record) throws MalformedMediaException {
    ByteReader in = new ByteReader(record);
    int version = in.readU8("AVCDecoderConfigurationRecord configurationVersion");
    if (version != 1) {
      throw new MalformedMediaException("AVCDecoderConfigurationRecord configurationVersion "
          + version + " at offset 0, expected 1");
    }
    in.skip(3, "AVCDecoderConfigurationRecord AVCProfileIndication, profile_compatibility,"
        + " AVCLevelIndication");
    int lengthSizeMinusOne = in.readU8("AVCDecoderConfigurationRecord lengthSizeMinusOne") & 0x03;
    if (lengthSizeMinusOne == 2) {
      throw new MalformedMediaException("AVCDecoderConfigurationRecord lengthSizeMinusOne 2 at"
          + " offset 4: NAL unit lengths of 3 bytes are not allowed (14496-15 5.3.3.1.2)");
    }
    int numSps = in.readU8("AVCDecoderConfigurationRecord numOfSequenceParameterSets") & 0x1F;
    if (numSps == 0) {
      throw new MalformedMediaException(
          "AVCDecoderConfigurationRecord numOfSequenceParameterSets 0 at offset 5");
    }
    List<byte[]> sps = readParameterSets(in, numSps, "sequenceParameterSet", NalUnits.TYPE_SPS);
    int numPps = in.readU8("AVCDecoderConfigurationRecord numOfPictureParameterSets");
    if (numPps == 0) {
      throw new MalformedMediaException("AVCDecoderConfigurationRecord numOfPictureParameterSets"
          + " 0 at offset " + (in.position() - 1));
    }
    List<byte[]> pps = readParameterSets(in, numPps, "pictureParameterSet", NalUnits.TYPE_PPS);
    // Bytes left here are the High-profile extension (14496-15 5.3.3.1.2); nothing we need.

    byte[] firstSps = sps.get(0);
    SpsInfo info = SpsInfo.parse(firstSps);
    return new AvcConfig(record.clone(), sps, pps, lengthSizeMinusOne + 1,
        firstSps[1] & 0xFF, firstSps[2] & 0xFF, firstSps[3] & 0xFF,
        info.width(), info.height(), info.frameRateMilli());
  }

  private static List<byte[]> readParameterSets(ByteReader in, int count, String name,
      int expectedNalType) throws MalformedMediaException {
    List<byte[]> sets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int lengthOffset = in.position();
      int length = in.readU16("AVCDecoderConfigurationRecord " + name + "Length");
      if (length == 0) {
        throw new MalformedMediaException("AVCDecoderConfigurationRecord " + name
            + "Length 0 at offset " + lengthOffset);
      }
      if (length > in.bytesLeft()) {
        throw new MalformedMediaException("AVCDecoderConfigurationRecord " + name + "Length "
            + length + " at offset " + lengthOffset + " exceeds the " + in.bytesLeft()
            + " bytes left in the record");
      }
      byte[] nal = in.readBytes(length, "AVCDecoderConfigurationRecord " + name + "NALUnit");
      int nalType = NalUnits.type(nal[0]);
      if (nalType != expectedNalType) {
        throw new MalformedMediaException("AVCDecoderConfigurationRecord " + name
            + "NALUnit at offset " + (lengthOffset + 2) + " has nal_unit_type " + nalType
            + ", expected " + expectedNalType);
      }
      sets.add(nal);
    }
    return sets;
  }
}
