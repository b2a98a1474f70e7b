package io.headwater.packager.codec.aac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AudioSpecificConfigsTest {

  /** name, AudioSpecificConfig bytes, object type, frequency index, rate, channel config, channels. */
  static Stream<Arguments> validCases() {
    return Stream.of(
        // 00010 0100 0010 000: AAC-LC, index 4 (44100), stereo, GASpecificConfig all zero
        Arguments.of("LC 44.1 kHz stereo", bytes(0x12, 0x10), 2, 4, 44100, 2, 2),
        // 00010 0011 0010 000: AAC-LC, index 3 (48000), stereo
        Arguments.of("LC 48 kHz stereo", bytes(0x11, 0x90), 2, 3, 48000, 2, 2),
        // ffmpeg's FLV sequence header in sample-media: LC 48 kHz stereo followed by the
        // backward-compatible SBR sync extension 0x2b7 (sbrPresentFlag 0), which is ignored
        Arguments.of("LC with sync extension", bytes(0x11, 0x90, 0x56, 0xE5, 0x00), 2, 3, 48000,
            2, 2),
        // 00010 1111 <22000 in 24 bits> 0001 000: explicit frequency, mono
        Arguments.of("explicit 22000 Hz mono", bytes(0x17, 0x80, 0x2A, 0xF8, 0x08), 2, 15, 22000,
            1, 1),
        // 00101 0110 0010 0011 00010 000: SBR, core 24000, stereo, extension 48000, core LC
        Arguments.of("HE-AAC explicit", bytes(0x2B, 0x11, 0x88, 0x00), 5, 6, 24000, 2, 2),
        // 11101 0110 0001 0011 00010 000: PS, core 24000, mono, extension 48000, core LC
        Arguments.of("HE-AACv2 explicit", bytes(0xEB, 0x09, 0x88, 0x00), 29, 6, 24000, 1, 1),
        // 00010 0011 0111 000: channelConfiguration 7 means 7.1, eight channels
        Arguments.of("LC 7.1", bytes(0x11, 0xB8), 2, 3, 48000, 7, 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validCases")
  void parsesFields(String name, byte[] asc, int objectType, int frequencyIndex, int sampleRate,
      int channelConfiguration, int channels) throws Exception {
    AacConfig config = AudioSpecificConfigs.parse(asc);

    assertThat(config.audioObjectType()).isEqualTo(objectType);
    assertThat(config.samplingFrequencyIndex()).isEqualTo(frequencyIndex);
    assertThat(config.sampleRate()).isEqualTo(sampleRate);
    assertThat(config.channelConfiguration()).isEqualTo(channelConfiguration);
    assertThat(config.channels()).isEqualTo(channels);
    assertThat(config.codecString()).isEqualTo("mp4a.40." + objectType);
    assertThat(config.privateData()).isEqualTo(asc);
  }

  /** name, bytes, a fragment the error message must contain. */
  static Stream<Arguments> invalidCases() {
    return Stream.of(
        Arguments.of("empty", bytes(), "audioObjectType"),
        // 00010 010: the 4-bit frequency index is cut after 3 bits
        Arguments.of("truncated index", bytes(0x12), "samplingFrequencyIndex"),
        // 00010 1111 and only 7 of the 24 frequency bits
        Arguments.of("truncated explicit frequency", bytes(0x17, 0x80), "samplingFrequency"),
        // 00101 0110 0010 and only 3 bits of the extension frequency index
        Arguments.of("truncated SBR extension", bytes(0x2B, 0x11),
            "extensionSamplingFrequencyIndex"),
        // 00010 1101: index 13 is reserved
        Arguments.of("reserved index", bytes(0x16, 0x90), "reserved samplingFrequencyIndex 13"),
        // 00010 0011 0000: channels from a program_config_element
        Arguments.of("channel config 0", bytes(0x11, 0x80), "channelConfiguration 0"),
        // 00010 0100 0010 1: frameLengthFlag 1, 960-sample frames
        Arguments.of("960-sample frames", bytes(0x12, 0x14), "frameLengthFlag"),
        // 11111 001010 ...: escaped object type 42 (USAC)
        Arguments.of("USAC", bytes(0xF9, 0x46, 0x40), "audioObjectType 42"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCases")
  void rejectsMalformedOrUnsupported(String name, byte[] asc, String messageFragment) {
    assertThatThrownBy(() -> AudioSpecificConfigs.parse(asc))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("AudioSpecificConfig")
        .hasMessageContaining(messageFragment);
  }

  @Test
  void frequencyTableRoundTrips() {
    int[] expected = {
      96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };
    for (int i = 0; i < expected.length; i++) {
      assertThat(AudioSpecificConfigs.samplingFrequency(i)).isEqualTo(expected[i]);
      assertThat(AudioSpecificConfigs.samplingFrequencyIndex(expected[i])).isEqualTo(i);
    }
    assertThat(AudioSpecificConfigs.samplingFrequencyIndex(22000)).isEqualTo(15);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
