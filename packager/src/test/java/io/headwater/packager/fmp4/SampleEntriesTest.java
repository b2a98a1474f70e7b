package io.headwater.packager.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Byte-level checks of the sample entry helpers (ISO/IEC 14496-1, 14496-12, 14496-14). */
class SampleEntriesTest {
  @Test
  void descriptorSizeUsesOneByteBelow128() {
    byte[] d = SampleEntries.descriptor(0x05, new byte[] {0x11, (byte) 0x90});
    assertThat(d).containsExactly(0x05, 0x02, 0x11, (byte) 0x90); // tag, size 2, payload
  }

  @Test
  void descriptorSizeUsesSevenBitGroupsWithContinuationBits() {
    byte[] d = SampleEntries.descriptor(0x04, new byte[200]);
    // 200 = 0b1_1001000: first byte nextByte=1 | 0b0000001, then nextByte=0 | 0b1001000.
    assertThat(d).startsWith(0x04, 0x81, 0x48);
    assertThat(d).hasSize(3 + 200);
  }

  @Test
  void sampleRateFieldIs16Dot16AndZeroWhenItDoesNotFit() {
    assertThat(SampleEntries.sampleRateField(48_000)).isEqualTo(0xBB800000L);
    assertThat(SampleEntries.sampleRateField(44_100)).isEqualTo(0xAC440000L);
    assertThat(SampleEntries.sampleRateField(65_535)).isEqualTo(0xFFFF0000L);
    assertThat(SampleEntries.sampleRateField(96_000)).isZero();
  }

  @Test
  void btrtRepeatsTheAverageAsMaximum() {
    assertThat(SampleEntries.btrt(128_000)).containsExactly(
        0x00, 0x00, 0x00, 0x14, // size 20
        'b', 't', 'r', 't', // type
        0x00, 0x00, 0x00, 0x00, // bufferSizeDB unknown
        0x00, 0x01, (byte) 0xF4, 0x00, // maxBitrate 128000
        0x00, 0x01, (byte) 0xF4, 0x00); // avgBitrate 128000
  }

  @Test
  void esdsOfAacLcStereo48k() {
    byte[] esds = SampleEntries.esds(CmafTestData.ASC_LC_48K_STEREO, 0);
    assertThat(esds).containsExactly(
        0x00, 0x00, 0x00, 0x27, // size 39
        'e', 's', 'd', 's', // type
        0x00, 0x00, 0x00, 0x00, // version 0, flags 0
        0x03, 0x19, // ES_Descriptor, size 25
        0x00, 0x00, // ES_ID 0
        0x00, // no dependence, URL or OCR stream; priority 0
        0x04, 0x11, // DecoderConfigDescriptor, size 17
        0x40, // objectTypeIndication: Audio ISO/IEC 14496-3
        0x15, // streamType 5 (audio) << 2 | upStream 0 | reserved 1
        0x00, 0x00, 0x00, // bufferSizeDB
        0x00, 0x00, 0x00, 0x00, // maxBitrate
        0x00, 0x00, 0x00, 0x00, // avgBitrate
        0x05, 0x02, 0x11, (byte) 0x90, // DecoderSpecificInfo: AudioSpecificConfig
        0x06, 0x01, 0x02); // SLConfigDescriptor: predefined 2 (MP4)
  }
}
