package io.headwater.packager.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A CMAF segment is its chunks one after another (RFC 8216bis 4.4.4.9): the join's bytes. */
class ByteWriterConcatTest {
  @Test
  void chunksJoinInOrder() {
    List<byte[]> chunks = List.of(new byte[] {1, 2}, new byte[0], new byte[] {3, 4, 5});
    assertThat(ByteWriter.totalLength(chunks)).isEqualTo(5);
    assertThat(ByteWriter.concat(chunks)).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void oneChunkIsHandedBackWithoutACopy() {
    byte[] only = {7, 8, 9};
    assertThat(ByteWriter.concat(List.of(only))).isSameAs(only);
  }
}
