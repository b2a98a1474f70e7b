package io.headwater.packager.codec.h264;

import static io.headwater.packager.codec.h264.SpsInfoTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walking an AVCC sample in place in a read-only buffer, as the TS writer does. */
class NalUnitsBufferTest {
  /** Junk, then AUD, SEI, a zero-length unit and an IDR slice with 4-byte prefixes, then junk. */
  private static final byte[] FRAMED = hex("ffff"
      + "00000002" + "09f0" + "00000003" + "060100" + "00000000" + "00000004" + "65888400"
      + "eeee");

  @Test
  void unitsAreFoundAtTheirIndicesWithinThePositionAndLimit() throws Exception {
    ByteBuffer sample = ByteBuffer.wrap(FRAMED, 2, FRAMED.length - 4).asReadOnlyBuffer();
    List<String> units = new ArrayList<>();
    NalUnits.forEach(sample, 4, (type, buffer, index, length) -> {
      byte[] bytes = new byte[length];
      buffer.get(index, bytes);
      units.add(type + ":" + HexFormat.of().formatHex(bytes));
    });

    assertThat(units).containsExactly("9:09f0", "6:060100", "5:65888400");
    assertThat(sample.position()).isEqualTo(2);
    assertThat(NalUnits.types(hex("00000002" + "09f0" + "00000003" + "060100" + "00000000"
        + "00000004" + "65888400"), 4)).containsExactly(9, 6, 5);
  }

  @Test
  void malformedLengthsAreRefusedWithOffsetsIntoTheSample() {
    ByteBuffer pastTheEnd = ByteBuffer.wrap(hex("aa" + "0000000209f0" + "0000ffff" + "6588"), 1,
        12);
    assertThatThrownBy(() -> NalUnits.forEach(pastTheEnd, 4, (t, b, i, l) -> { }))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length 65535 at sample offset 6 exceeds the 2 bytes");

    ByteBuffer truncated = ByteBuffer.wrap(hex("0000000209f0" + "0000"));
    assertThatThrownBy(() -> NalUnits.forEach(truncated, 4, (t, b, i, l) -> { }))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("truncated NAL unit length prefix")
        .hasMessageContaining("offset 6");
  }
}
