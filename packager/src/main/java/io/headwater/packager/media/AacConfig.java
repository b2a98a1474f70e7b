package io.headwater.packager.media;

import java.util.Objects;

/**
 * AAC configuration from an AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).
 *
 * @param audioSpecificConfig the raw AudioSpecificConfig bytes
 * @param audioObjectType 2 for AAC-LC, 5 for SBR (HE-AAC), 29 for PS (HE-AACv2)
 * @param samplingFrequencyIndex the 4-bit index (15 when the frequency is explicit)
 * @param sampleRate the sampling rate in Hz (of the core codec)
 * @param channelConfiguration the 4-bit channel configuration
 * @param channels the number of output channels
 */
public record AacConfig(
    byte[] audioSpecificConfig,
    int audioObjectType,
    int samplingFrequencyIndex,
    int sampleRate,
    int channelConfiguration,
    int channels)
    implements CodecConfig {
  /** Samples per AAC-LC frame; decode times are counted in these, never in rounded ms. */
  public static final int SAMPLES_PER_FRAME = 1024;

  public AacConfig {
    Objects.requireNonNull(audioSpecificConfig, "audioSpecificConfig");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate " + sampleRate);
    }
  }

  @Override
  public String codecString() {
    return "mp4a.40." + audioObjectType;
  }

  @Override
  public byte[] privateData() {
    return audioSpecificConfig.clone();
  }
}
