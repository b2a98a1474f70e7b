package io.headwater.packager.codec.aac;

import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;

/**
 * The 7-byte ADTS header without CRC (ISO/IEC 14496-3 1.A.2.2) that frames each raw AAC frame in
 * an MPEG-TS AAC stream (stream_type 0x0F).
 */
public final class AdtsHeader {
  /** Header bytes when protection_absent is 1. */
  public static final int SIZE = 7;
  /** aac_frame_length is 13 bits and counts the header too. */
  private static final int MAX_FRAME_LENGTH = (1 << 13) - 1;

  private AdtsHeader() {}

  /**
   * The header for one raw AAC frame of {@code frameLength} bytes (the header's
   * aac_frame_length field is {@code frameLength + 7}). HE-AAC (object types 5 and 29) is
   * signalled as its AAC-LC core, as ADTS has no code for SBR or PS.
   */
  public static byte[] write(AacConfig config, int frameLength) throws MalformedMediaException {
    byte[] header = new byte[SIZE];
    write(config, frameLength, header, 0);
    return header;
  }

  /**
   * {@link #write(AacConfig, int)} into {@code out[offset, offset + 7)}, for a writer that
   * frames many AAC frames without an array per frame.
   */
  public static void write(AacConfig config, int frameLength, byte[] out, int offset)
      throws MalformedMediaException {
    int objectType = config.audioObjectType();
    int profile; // profile_ObjectType: audio object type - 1 (1.A.2.2.1, Table 1.A.11)
    if (objectType == 5 || objectType == 29) {
      profile = 1; // the LC core of SBR / PS
    } else if (objectType >= 1 && objectType <= 4) {
      profile = objectType - 1;
    } else {
      throw new MalformedMediaException("audioObjectType " + objectType
          + " cannot be carried in ADTS (profile_ObjectType has 2 bits)");
    }
    int frequencyIndex = config.samplingFrequencyIndex();
    if (frequencyIndex < 0 || frequencyIndex > 12) {
      throw new MalformedMediaException("samplingFrequencyIndex " + frequencyIndex
          + " cannot be carried in ADTS (explicit frequencies need index 0..12)");
    }
    int channels = config.channelConfiguration();
    if (channels < 1 || channels > 7) {
      throw new MalformedMediaException("channelConfiguration " + channels
          + " cannot be carried in ADTS without a program_config_element");
    }
    int fullLength = frameLength + SIZE;
    if (frameLength < 0 || fullLength > MAX_FRAME_LENGTH) {
      throw new MalformedMediaException("AAC frame of " + frameLength
          + " bytes does not fit aac_frame_length (13 bits)");
    }
    out[offset] = (byte) 0xFF; // syncword 0xFFF (12)
    // syncword cont., ID 0 (MPEG-4), layer '00', protection_absent 1
    out[offset + 1] = (byte) 0xF1;
    // profile_ObjectType (2), sampling_frequency_index (4), private_bit 0,
    // channel_configuration[2]
    out[offset + 2] = (byte) ((profile << 6) | (frequencyIndex << 2) | (channels >> 2));
    // channel_configuration[1..0], original_copy 0, home 0, copyright_identification_bit 0,
    // copyright_identification_start 0, aac_frame_length[12..11]
    out[offset + 3] = (byte) (((channels & 0x03) << 6) | (fullLength >> 11));
    out[offset + 4] = (byte) (fullLength >> 3); // aac_frame_length[10..3]
    // aac_frame_length[2..0], adts_buffer_fullness[10..6] (0x7FF: variable bit rate)
    out[offset + 5] = (byte) (((fullLength & 0x07) << 5) | 0x1F);
    // adts_buffer_fullness[5..0], number_of_raw_data_blocks_in_frame 0 (one block)
    out[offset + 6] = (byte) 0xFC;
  }
}
