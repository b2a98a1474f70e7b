package io.headwater.packager.codec.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
  private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1F, (byte) 0xAC};
  private static final byte[] PPS = {0x68, (byte) 0xEE, 0x3C, (byte) 0x80};
  private static final byte[] SEI = {0x06, 0x05, 0x01, 0x00, (byte) 0x80};
  private static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x21};
  private static final byte[] P_SLICE = {0x41, (byte) 0x9A, 0x02};
  private static final byte[] OLD_SPS = {0x67, 0x42, 0x00, 0x0A};
  private static final byte[] OLD_AUD = {0x09, 0x10};
  private static final AvcConfig CONFIG = new AvcConfig(new byte[] {1}, List.of(SPS),
      List.of(PPS), 4, 100, 0, 31, 640, 360, 30_000);

  private static byte[] avcc(int lengthSize, byte[]... nals) {
    ByteWriter w = new ByteWriter();
    for (byte[] nal : nals) {
      switch (lengthSize) {
        case 1 -> w.u8(nal.length);
        case 2 -> w.u16(nal.length);
        default -> w.u32(nal.length);
      }
      w.bytes(nal);
    }
    return w.toByteArray();
  }

  private static byte[] annexB(byte[]... nals) {
    ByteWriter w = new ByteWriter();
    for (byte[] nal : nals) {
      w.u32(1).bytes(nal);
    }
    return w.toByteArray();
  }

  private static final byte[] AUD = {0x09, (byte) 0xF0}; // nal_unit_type 9, primary_pic_type 7

  @Test
  void keyframeGetsAudThenSpsAndPpsBeforeItsNalUnits() throws MalformedMediaException {
    byte[] out = AnnexB.fromAvcc(avcc(4, SEI, IDR), 4, CONFIG, true);
    assertThat(out).containsExactly(annexB(AUD, SPS, PPS, SEI, IDR));
  }

  @Test
  void inBandParameterSetsAndAudAreReplaced() throws MalformedMediaException {
    byte[] out = AnnexB.fromAvcc(avcc(4, OLD_AUD, OLD_SPS, PPS, IDR), 4, CONFIG, true);
    assertThat(out).containsExactly(annexB(AUD, SPS, PPS, IDR));
  }

  @Test
  void nonKeyframeGetsOnlyTheAud() throws MalformedMediaException {
    byte[] out = AnnexB.fromAvcc(avcc(2, P_SLICE), 2, CONFIG, false);
    assertThat(out).containsExactly(annexB(AUD, P_SLICE));
  }

  @Test
  void idrSliceWithoutKeyframeFlagStillGetsParameterSets() throws MalformedMediaException {
    byte[] out = AnnexB.fromAvcc(avcc(1, IDR), 1, CONFIG, false);
    assertThat(out).containsExactly(annexB(AUD, SPS, PPS, IDR));
  }

  @Test
  void lengthPastTheEndIsMalformedAndNamesTheOffset() {
    byte[] sample = avcc(4, P_SLICE, IDR);
    sample[P_SLICE.length + 4 + 3] = 0x40; // second NAL claims 64 bytes
    assertThatThrownBy(() -> AnnexB.fromAvcc(sample, 4, CONFIG, false))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length 64")
        .hasMessageContaining("offset " + (P_SLICE.length + 4));
  }

  @Test
  void truncatedLengthPrefixIsMalformed() {
    byte[] sample = {0x00, 0x00, 0x00, 0x03, 0x41, 0x01, 0x02, 0x00, 0x00};
    assertThatThrownBy(() -> AnnexB.fromAvcc(sample, 4, CONFIG, false))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length");
  }

  @Test
  void emptySampleIsMalformed() {
    assertThatThrownBy(() -> AnnexB.fromAvcc(new byte[0], 4, CONFIG, false))
        .isInstanceOf(MalformedMediaException.class);
  }
}
