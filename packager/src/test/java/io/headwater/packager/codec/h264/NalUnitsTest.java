package io.headwater.packager.codec.h264;

import static io.headwater.packager.codec.h264.SpsInfoTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitsTest {
  /** AUD, SEI, IDR slice with 4-byte length prefixes. */
  private static final byte[] IDR_ACCESS_UNIT = hex(
      "00000002" + "09f0" // access_unit_delimiter, primary_pic_type 7
          + "00000003" + "060100" // SEI
          + "00000004" + "65888400"); // IDR slice (nal_ref_idc 3, type 5)

  @Test
  void splitsAndTypesAnAvccSample() throws Exception {
    assertThat(NalUnits.types(IDR_ACCESS_UNIT, 4))
        .containsExactly(NalUnits.TYPE_AUD, NalUnits.TYPE_SEI, NalUnits.TYPE_IDR);
    List<ByteBuffer> units = NalUnits.split(IDR_ACCESS_UNIT, 4);
    assertThat(units).hasSize(3);
    assertThat(bytes(units.get(2))).isEqualTo(hex("65888400"));
    assertThat(units.get(0).isReadOnly()).isTrue();
  }

  @Test
  void detectsIdr() throws Exception {
    byte[] nonIdr = hex("0000000209f0" + "00000004419a2000"); // AUD, non-IDR slice (type 1)

    assertThat(NalUnits.isIdr(IDR_ACCESS_UNIT, 4)).isTrue();
    assertThat(NalUnits.isIdr(ByteBuffer.wrap(IDR_ACCESS_UNIT), 4)).isTrue();
    assertThat(NalUnits.isIdr(nonIdr, 4)).isFalse();
  }

  @Test
  void honoursOneAndTwoBytePrefixes() throws Exception {
    assertThat(NalUnits.types(hex("0209f0" + "0465888400"), 1))
        .containsExactly(NalUnits.TYPE_AUD, NalUnits.TYPE_IDR);
    assertThat(NalUnits.types(hex("000209f0" + "000441888400"), 2))
        .containsExactly(NalUnits.TYPE_AUD, NalUnits.TYPE_SLICE);
  }

  @Test
  void skipsZeroLengthUnits() throws Exception {
    assertThat(NalUnits.types(hex("00000000" + "0000000209f0"), 4))
        .containsExactly(NalUnits.TYPE_AUD);
  }

  @Test
  void lengthBeyondTheSampleIsRejected() {
    byte[] sample = hex("0000000209f0" + "0000ffff" + "6588");

    assertThatThrownBy(() -> NalUnits.isIdr(sample, 4))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length 65535 at sample offset 6 exceeds the 2 bytes");
  }

  @Test
  void truncatedPrefixIsRejected() {
    byte[] sample = hex("0000000209f0" + "0000");

    assertThatThrownBy(() -> NalUnits.types(sample, 4))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("truncated NAL unit length prefix")
        .hasMessageContaining("offset 6");
  }

  @Test
  void unescapeRemovesEmulationPreventionBytesOnly() {
    byte[] escaped = hex("6700000301" + "000003" + "03" + "0000" + "04");

    assertThat(NalUnits.unescapeRbsp(escaped, 0, escaped.length))
        .isEqualTo(hex("67000001" + "0000" + "03" + "0000" + "04"));
    assertThat(NalUnits.unescapeRbsp(escaped, 1, 4)).isEqualTo(hex("000001"));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
