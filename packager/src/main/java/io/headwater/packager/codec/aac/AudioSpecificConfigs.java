package io.headwater.packager.codec.aac;

import io.headwater.packager.io.BitReader;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;

/**
 * Parses an AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), the AAC sequence header of FLV
 * (AACPacketType 0) and the DecoderSpecificInfo of an MP4 {@code esds}, into an {@link AacConfig}.
 *
 * <p>Accepted: AAC Main, LC, SSR and LTP (object types 1 to 4) with 1024-sample frames, and the
 * explicit SBR / PS signalling of HE-AAC (5) and HE-AACv2 (29), reported with the core sampling
 * rate so that the track counts 1024 core samples per frame. Everything else is refused, because
 * the packager's audio clock assumes 1024-sample frames.
 */
public final class AudioSpecificConfigs {
  /** Sampling frequencies by samplingFrequencyIndex 0..12 (14496-3 Table 1.18); 13, 14 reserved. */
  private static final int[] SAMPLING_FREQUENCIES = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
  };

  /** Output channels by channelConfiguration (14496-3 Table 1.19, with the 2009 additions). */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8, 0};

  private static final int ESCAPE_OBJECT_TYPE = 31;
  private static final int EXPLICIT_FREQUENCY_INDEX = 15;
  /** SBR: HE-AAC, explicit hierarchical signalling (14496-3 1.6.5.2). */
  public static final int OBJECT_TYPE_SBR = 5;
  /** PS: HE-AACv2. */
  public static final int OBJECT_TYPE_PS = 29;
  /** AAC-LC. */
  public static final int OBJECT_TYPE_AAC_LC = 2;

  private AudioSpecificConfigs() {}

  /** The sampling frequency in Hz of a 4-bit samplingFrequencyIndex 0..12. */
  public static int samplingFrequency(int index) {
    if (index < 0 || index >= SAMPLING_FREQUENCIES.length) {
      throw new IllegalArgumentException("samplingFrequencyIndex " + index);
    }
    return SAMPLING_FREQUENCIES[index];
  }

  /** The samplingFrequencyIndex of a frequency in the table, or 15 (explicit) when absent. */
  public static int samplingFrequencyIndex(int frequencyHz) {
    for (int i = 0; i < SAMPLING_FREQUENCIES.length; i++) {
      if (SAMPLING_FREQUENCIES[i] == frequencyHz) {
        return i;
      }
    }
    return EXPLICIT_FREQUENCY_INDEX;
  }

  /** Parses an AudioSpecificConfig; trailing bits (extensions, sync extension) are ignored. */
  public static AacConfig parse(byte[] audioSpecificConfig) throws MalformedMediaException {
    BitReader in = new BitReader(audioSpecificConfig);
    try {
      // 14496-3 1.6.2.1 AudioSpecificConfig()
      int objectType = readObjectType(in);
      int frequencyIndex = in.readBits(4, "samplingFrequencyIndex");
      int sampleRate = readFrequency(in, frequencyIndex, "samplingFrequency");
      int channelConfiguration = in.readBits(4, "channelConfiguration");
      int coreObjectType = objectType;
      if (objectType == OBJECT_TYPE_SBR || objectType == OBJECT_TYPE_PS) {
        int extensionIndex = in.readBits(4, "extensionSamplingFrequencyIndex");
        readFrequency(in, extensionIndex, "extensionSamplingFrequency");
        coreObjectType = readObjectType(in);
        if (coreObjectType == 22) { // ER BSAC carries extensionChannelConfiguration
          in.skipBits(4, "extensionChannelConfiguration");
        }
      }
      if (coreObjectType < 1 || coreObjectType > 4) {
        throw new MalformedMediaException("unsupported audioObjectType " + coreObjectType
            + " (only AAC Main, LC, SSR, LTP, with SBR/PS)");
      }
      // 14496-3 4.4.1 GASpecificConfig(): frameLengthFlag 1 means 960-sample frames. Some
      // encoders stop after channelConfiguration; absent bits mean the default, 1024.
      if (in.bitsLeft() >= 1 && in.readBit("frameLengthFlag")) {
        throw new MalformedMediaException("unsupported AAC frameLengthFlag 1 (960-sample frames)");
      }
      if (channelConfiguration == 0) {
        throw new MalformedMediaException("unsupported channelConfiguration 0"
            + " (channels given by a program_config_element)");
      }
      int channels = CHANNELS[channelConfiguration];
      if (channels == 0) {
        throw new MalformedMediaException("reserved channelConfiguration " + channelConfiguration);
      }
      return new AacConfig(audioSpecificConfig.clone(), objectType, frequencyIndex, sampleRate,
          channelConfiguration, channels);
    } catch (MalformedMediaException e) {
      throw new MalformedMediaException("AudioSpecificConfig of " + audioSpecificConfig.length
          + " bytes: " + e.getMessage(), e);
    }
  }

  // 14496-3 1.6.2.1 GetAudioObjectType(): 5 bits, 31 escapes to 32 + 6 more bits
  private static int readObjectType(BitReader in) throws MalformedMediaException {
    int objectType = in.readBits(5, "audioObjectType");
    if (objectType == ESCAPE_OBJECT_TYPE) {
      objectType = 32 + in.readBits(6, "audioObjectTypeExt");
    }
    return objectType;
  }

  private static int readFrequency(BitReader in, int index, String field)
      throws MalformedMediaException {
    if (index == EXPLICIT_FREQUENCY_INDEX) {
      int frequency = in.readBits(24, field); // u(24)
      if (frequency == 0) {
        throw new MalformedMediaException(field + " 0");
      }
      return frequency;
    }
    if (index >= SAMPLING_FREQUENCIES.length) {
      throw new MalformedMediaException("reserved " + field + "Index " + index);
    }
    return SAMPLING_FREQUENCIES[index];
  }
}
