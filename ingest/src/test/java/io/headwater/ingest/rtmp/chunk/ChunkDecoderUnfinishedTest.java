package io.headwater.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What a peer that hangs up mid-message left unfinished, for the connection's log line. */
class ChunkDecoderUnfinishedTest {

  @Test
  void nothingUnfinishedAtAMessageBoundary() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    assertThat(decoder.unfinished()).isNull();
    decoder.decode(ByteBuffer.wrap(new byte[] {
      0x02, 0, 0, 0, 0, 0, 4, 0x05, 0, 0, 0, 0, // fmt 0 csid 2, length 4, Window Ack Size
      0, 0x26, 0x25, (byte) 0xA0 // 2500000
    }));
    assertThat(decoder.unfinished()).isNull();
  }

  @Test
  void truncatedPayloadIsReported() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    decoder.decode(ByteBuffer.wrap(new byte[] {
      0x03, 0, 0, 0, 0, 0x03, (byte) 0xE8, 0x14, 0, 0, 0, 0, // fmt 0 csid 3, 1000 bytes, AMF0
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    }));
    assertThat(decoder.unfinished())
        .isEqualTo("message of 1000 bytes on chunk stream 3 has 10");
  }

  @Test
  void truncatedHeaderIsReported() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    decoder.decode(ByteBuffer.wrap(new byte[] {0x03, 0, 0}));
    assertThat(decoder.unfinished()).isEqualTo("chunk header cut after 3 of 12 bytes");
  }
}
