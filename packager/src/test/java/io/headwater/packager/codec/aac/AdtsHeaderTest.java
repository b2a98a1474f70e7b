package io.headwater.packager.codec.aac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import org.junit.jupiter.api.Test;

class AdtsHeaderTest {
  private static AacConfig config(int objectType, int frequencyIndex, int sampleRate,
      int channels) {
    return new AacConfig(new byte[] {0x11, (byte) 0x90}, objectType, frequencyIndex, sampleRate,
        channels, channels);
  }

  @Test
  void lc48kHzStereo() throws MalformedMediaException {
    byte[] expected = {
      (byte) 0xFF, // syncword
      (byte) 0xF1, // syncword, ID 0 (MPEG-4), layer 00, protection_absent 1
      0x4C, // profile 01 (LC), sampling_frequency_index 0011 (48 kHz), private 0, channels[2] 0
      (byte) 0x80, // channels[1..0] 10, original/home/copyright bits 0, frame_length[12..11] 00
      0x0D, // aac_frame_length[10..3]: 107 = 0b000_0110_1011 -> 0000 1101
      0x7F, // aac_frame_length[2..0] 011, buffer_fullness[10..6] 11111
      (byte) 0xFC, // buffer_fullness[5..0] 111111, number_of_raw_data_blocks 00
    };
    assertThat(AdtsHeader.write(config(2, 3, 48_000, 2), 100)).containsExactly(expected);
  }

  @Test
  void matchesFfmpegsAdtsMuxerForA228ByteFrame() throws MalformedMediaException {
    // The first header of `ffmpeg -i h264-high-bframes-aac.flv -vn -c copy -f adts`.
    byte[] ffmpeg = {(byte) 0xFF, (byte) 0xF1, 0x4C, (byte) 0x80, 0x1D, 0x7F, (byte) 0xFC};
    assertThat(AdtsHeader.write(config(2, 3, 48_000, 2), 235 - 7)).containsExactly(ffmpeg);
  }

  @Test
  void heAacIsSignalledAsItsLcCore() throws MalformedMediaException {
    byte[] he = AdtsHeader.write(config(5, 6, 24_000, 2), 50);
    assertThat((he[2] & 0xC0) >> 6).isEqualTo(1);
    assertThat((he[2] & 0x3C) >> 2).isEqualTo(6);
  }

  @Test
  void largestFrameFitsThirteenBits() throws MalformedMediaException {
    byte[] header = AdtsHeader.write(config(2, 3, 48_000, 2), 8191 - 7);
    int length = ((header[3] & 0x03) << 11) | ((header[4] & 0xFF) << 3) | ((header[5] & 0xE0) >> 5);
    assertThat(length).isEqualTo(8191);
  }

  @Test
  void refusesWhatAdtsCannotCarry() {
    assertThatThrownBy(() -> AdtsHeader.write(config(2, 3, 48_000, 2), 8191 - 6))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("aac_frame_length");
    assertThatThrownBy(() -> AdtsHeader.write(config(42, 3, 48_000, 2), 10))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("audioObjectType 42");
    assertThatThrownBy(() -> AdtsHeader.write(config(2, 15, 48_000, 2), 10))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("samplingFrequencyIndex");
    assertThatThrownBy(() -> AdtsHeader.write(config(2, 3, 48_000, 0), 10))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("channelConfiguration");
  }
}
