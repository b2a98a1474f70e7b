package io.headwater.packager.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact fixtures for the small fragment boxes (ISO/IEC 14496-12 8.8, 8.16). */
class FragmentBoxesTest {
  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void mfhdCarriesTheSequenceNumber() {
    assertThat(FragmentBoxes.mfhd(7)).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x10, // size 16
        'm', 'f', 'h', 'd', // type
        0x00, // version 0
        0x00, 0x00, 0x00, // flags 0
        0x00, 0x00, 0x00, 0x07)); // sequence_number 7
  }

  @Test
  void mfhdTakesTheWholeUnsigned32BitRange() {
    assertThat(FragmentBoxes.mfhd(0xFFFFFFFFL)).endsWith(0xFF, 0xFF, 0xFF, 0xFF);
    assertThatThrownBy(() -> FragmentBoxes.mfhd(0x1_0000_0000L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence_number");
  }

  @Test
  void tfhdHasDefaultBaseIsMoofAndNoDefaults() {
    assertThat(FragmentBoxes.tfhd(2)).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x10, // size 16
        't', 'f', 'h', 'd', // type
        0x00, // version 0
        0x02, 0x00, 0x00, // flags: default-base-is-moof (0x020000) only
        0x00, 0x00, 0x00, 0x02)); // track_ID 2
  }

  @Test
  void tfdtIsVersion1With64BitTime() {
    assertThat(FragmentBoxes.tfdt(0x1_0000_0005L)).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x14, // size 20
        't', 'f', 'd', 't', // type
        0x01, // version 1: 64-bit baseMediaDecodeTime
        0x00, 0x00, 0x00, // flags 0
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05)); // baseMediaDecodeTime 2^32 + 5
  }

  @Test
  void tfdtRejectsNegativeTimes() {
    assertThatThrownBy(() -> FragmentBoxes.tfdt(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trunOfTwoVideoSamplesWithSignedOffsets() {
    List<TrunEntry> entries = List.of(
        new TrunEntry(3000, 100, FragmentBoxes.SAMPLE_FLAGS_SYNC, 6000),
        new TrunEntry(3000, 50, FragmentBoxes.SAMPLE_FLAGS_NON_SYNC, -3000));
    assertThat(FragmentBoxes.trun(entries, true, 0x70)).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x34, // size 52 = 12 + 4 + 4 + 2 * 16
        't', 'r', 'u', 'n', // type
        0x01, // version 1: signed composition offsets
        0x00, 0x0F, 0x01, // flags: cts 0x800 | flags 0x400 | size 0x200 | duration 0x100 | 0x1
        0x00, 0x00, 0x00, 0x02, // sample_count 2
        0x00, 0x00, 0x00, 0x70, // data_offset 112
        0x00, 0x00, 0x0B, 0xB8, // [0] sample_duration 3000
        0x00, 0x00, 0x00, 0x64, // [0] sample_size 100
        0x02, 0x00, 0x00, 0x00, // [0] sample_flags: depends_on=2 (sync)
        0x00, 0x00, 0x17, 0x70, // [0] composition offset +6000
        0x00, 0x00, 0x0B, 0xB8, // [1] sample_duration 3000
        0x00, 0x00, 0x00, 0x32, // [1] sample_size 50
        0x01, 0x01, 0x00, 0x00, // [1] sample_flags: depends_on=1, is_non_sync_sample=1
        0xFF, 0xFF, 0xF4, 0x48)); // [1] composition offset -3000, two's complement
  }

  @Test
  void trunWithoutOffsetsOmitsTheColumn() {
    List<TrunEntry> entries = List.of(new TrunEntry(1024, 9, FragmentBoxes.SAMPLE_FLAGS_SYNC, 0));
    assertThat(FragmentBoxes.trun(entries, false, 8)).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x20, // size 32 = 12 + 4 + 4 + 12
        't', 'r', 'u', 'n', // type
        0x01, // version 1
        0x00, 0x07, 0x01, // flags: flags 0x400 | size 0x200 | duration 0x100 | offset 0x1
        0x00, 0x00, 0x00, 0x01, // sample_count 1
        0x00, 0x00, 0x00, 0x08, // data_offset 8
        0x00, 0x00, 0x04, 0x00, // sample_duration 1024
        0x00, 0x00, 0x00, 0x09, // sample_size 9
        0x02, 0x00, 0x00, 0x00)); // sample_flags: sync
  }

  @Test
  void stypNamesAMediaSegmentAndCmafSegmentAndFragment() {
    assertThat(FragmentBoxes.styp()).containsExactly(bytes(
        0x00, 0x00, 0x00, 0x1C, // size 28
        's', 't', 'y', 'p', // type
        'm', 's', 'd', 'h', // major_brand
        0x00, 0x00, 0x00, 0x00, // minor_version
        'm', 's', 'd', 'h', // compatible: DASH media segment
        'c', 'm', 'f', 's', // compatible: CMAF segment
        'c', 'm', 'f', 'f')); // compatible: CMAF fragment
  }

  @Test
  void moofSizeIsKnownBeforeWriting() {
    for (boolean offsets : new boolean[] {false, true}) {
      for (int n = 1; n <= 5; n++) {
        List<TrunEntry> entries = java.util.Collections.nCopies(n,
            new TrunEntry(1, 1, FragmentBoxes.SAMPLE_FLAGS_SYNC, 0));
        byte[] moof = FragmentBoxes.moof(1, 1, 0, entries, offsets);
        assertThat(moof).hasSize(FragmentBoxes.moofSize(n, offsets));
      }
    }
  }

  @Test
  void trunEntryRejectsDurationsBeyond32Bits() {
    assertThatThrownBy(() -> new TrunEntry(0x1_0000_0000L, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample_duration");
  }
}
