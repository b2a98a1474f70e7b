package io.headwater.ingest.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScriptDataTest {
  private static final byte[] ON_META_DATA = HexFormat.of().parseHex(
      "02000a6f6e4d65746144617461" // string "onMetaData"
          + "0800000000" // ECMA array, count 0
          + "000009"); // object end

  @Test
  void stripsSetDataFrameAndKeepsTheRestByteForByte() throws Exception {
    byte[] body = HexFormat.of().parseHex("02000d40736574446174614672616d65" // "@setDataFrame"
        + HexFormat.of().formatHex(ON_META_DATA));
    assertThat(ScriptData.withoutSetDataFrame(body, "@setDataFrame")).isEqualTo(ON_META_DATA);
  }

  @Test
  void leavesOtherDataUnchanged() throws Exception {
    assertThat(ScriptData.withoutSetDataFrame(ON_META_DATA, "@setDataFrame"))
        .isSameAs(ON_META_DATA);
  }
}
