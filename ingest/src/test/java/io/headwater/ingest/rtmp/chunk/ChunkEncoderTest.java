package io.headwater.ingest.rtmp.chunk;

import static io.headwater.ingest.rtmp.chunk.ChunkHeaderCases.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.rtmp.chunk.ChunkHeaderCases.Case;
import io.headwater.packager.io.ByteWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkEncoderTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.headwater.ingest.rtmp.chunk.ChunkHeaderCases#cases")
  void writesHeaderBytes(Case c) {
    ByteWriter out = new ByteWriter();
    c.header().write(out);
    assertThat(out.toByteArray()).isEqualTo(c.bytes());
  }

  @Test
  void splitsMessageIntoFmt0AndFmt3ChunksAtTheChunkSize() {
    byte[] payload = new byte[300];
    Arrays.fill(payload, (byte) 0xAB);
    ByteWriter out = new ByteWriter();
    new ChunkEncoder().encode(new RawMessage(5, 9, 40, 1, payload), out);

    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize(12 + 128 + 1 + 128 + 1 + 44);
    assertThat(Arrays.copyOfRange(bytes, 0, 12))
        .isEqualTo(hex("05" + "000028" + "00012c" + "09" + "01000000"));
    assertThat(bytes[12 + 128]).isEqualTo((byte) 0xC5); // fmt 3 | csid 5
    assertThat(bytes[12 + 128 + 1 + 128]).isEqualTo((byte) 0xC5);
  }

  @Test
  void continuationChunksRepeatTheExtendedTimestamp() {
    byte[] payload = new byte[200];
    ByteWriter out = new ByteWriter();
    new ChunkEncoder().encode(new RawMessage(3, 8, 0x01020304L, 1, payload), out);

    byte[] bytes = out.toByteArray();
    assertThat(bytes).hasSize(12 + 4 + 128 + 1 + 4 + 72);
    assertThat(Arrays.copyOfRange(bytes, 12 + 4 + 128, 12 + 4 + 128 + 5))
        .isEqualTo(hex("c3" + "01020304"));
  }

  @Test
  void setChunkSizeAppliesToTheMessagesAfterIt() {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteWriter out = new ByteWriter();
    encoder.encode(new RawMessage(2, 1, 0, 0, hex("00001000")), out); // Set Chunk Size 4096
    assertThat(encoder.chunkSize()).isEqualTo(4096);
    int before = out.size();
    encoder.encode(new RawMessage(3, 20, 0, 0, new byte[1000]), out);
    assertThat(out.size() - before).isEqualTo(12 + 1000); // one chunk, no fmt 3 header
  }
}
