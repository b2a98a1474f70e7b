package io.headwater.ingest.rtmp.chunk;

import static io.headwater.ingest.rtmp.chunk.ChunkHeaderCases.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.rtmp.chunk.ChunkHeaderCases.Case;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.ByteWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkDecoderTest {
  private static final RtmpLimits SMALL = new RtmpLimits(1000, 1 << 20, 3);

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.headwater.ingest.rtmp.chunk.ChunkHeaderCases#cases")
  void readsHeaderBytes(Case c) throws Exception {
    boolean fmt3Extended = c.header().fmt() == 3 && c.header().hasExtendedTimestamp();
    ByteReader in = new ByteReader(c.bytes());
    assertThat(ChunkHeader.read(in, fmt3Extended)).isEqualTo(c.header());
    assertThat(in.bytesLeft()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.headwater.ingest.rtmp.chunk.ChunkHeaderCases#cases")
  void decodesMessageStartedByHeader(Case c) throws Exception {
    ByteWriter in = new ByteWriter();
    if (c.previous() != null) {
      c.previous().write(in);
      in.zeros(c.previous().messageLength());
    }
    in.bytes(c.bytes());
    in.zeros(c.expectedLength());

    List<RawMessage> messages = new ChunkDecoder(RtmpLimits.DEFAULT)
        .decode(ByteBuffer.wrap(in.toByteArray()));

    RawMessage last = messages.get(messages.size() - 1);
    assertThat(messages).hasSize(c.previous() == null ? 1 : 2);
    assertThat(last.chunkStreamId()).isEqualTo(c.header().chunkStreamId());
    assertThat(last.timestamp()).isEqualTo(c.expectedTimestamp());
    assertThat(last.payload()).hasSize(c.expectedLength());
    assertThat(last.typeId()).isEqualTo(c.expectedTypeId());
    assertThat(last.messageStreamId()).isEqualTo(c.expectedStreamId());
  }

  /**
   * The fmt-3 extended-timestamp rule: a fmt 3 chunk of a chunk stream whose last fmt 0/1/2
   * header had an extended timestamp carries the 4-byte extended timestamp again, both when it
   * continues a message and when it starts the next one (as ffmpeg writes it).
   */
  @Test
  void fmt3ChunkRepeatsTheExtendedTimestampOfItsMessageHeader() throws Exception {
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    ByteWriter in = new ByteWriter();
    in.bytes(hex("06" + "ffffff" + "00012c" + "09" + "01000000" + "01000000")); // fmt 0, ext
    in.bytes(payload, 0, 128);
    in.bytes(hex("c6" + "01000000")).bytes(payload, 128, 128); // continuation + ext again
    in.bytes(hex("c6" + "01000000")).bytes(payload, 256, 44);
    in.bytes(hex("c6" + "01000000")).bytes(payload, 0, 128); // fmt 3 starting the next message
    in.bytes(hex("c6" + "01000000")).bytes(payload, 128, 128);
    in.bytes(hex("c6" + "01000000")).bytes(payload, 256, 44);

    List<RawMessage> messages = new ChunkDecoder(RtmpLimits.DEFAULT)
        .decode(ByteBuffer.wrap(in.toByteArray()));

    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).timestamp()).isEqualTo(0x01000000L);
    assertThat(messages.get(0).payload()).isEqualTo(payload);
    assertThat(messages.get(1).timestamp()).isEqualTo(0x02000000L);
    assertThat(messages.get(1).payload()).isEqualTo(payload);
  }

  @Test
  void fmt3ContinuationWithoutTheExtendedTimestampIsReadAsPayload() throws Exception {
    // Encoders differ on the fmt-3 rule: these leave the extended timestamp out of continuation
    // chunks, so the four bytes after the basic header are already payload.
    byte[] payload = new byte[300];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i + 7);
    }
    ByteWriter in = new ByteWriter();
    in.bytes(hex("06" + "ffffff" + "00012c" + "09" + "01000000" + "01000000")); // fmt 0, ext
    in.bytes(payload, 0, 128);
    in.bytes(hex("c6")).bytes(payload, 128, 128); // continuation, no extended timestamp
    in.bytes(hex("c6")).bytes(payload, 256, 44);
    in.bytes(hex("06" + "000010" + "000004" + "09" + "01000000")).bytes(payload, 0, 4);
    byte[] all = in.toByteArray();

    for (int split = 0; split <= all.length; split += 37) {
      ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
      List<RawMessage> messages = new java.util.ArrayList<>();
      messages.addAll(decoder.decode(ByteBuffer.wrap(all, 0, split)));
      messages.addAll(decoder.decode(ByteBuffer.wrap(all, split, all.length - split)));

      assertThat(messages).as("split at %d", split).hasSize(2);
      assertThat(messages.get(0).timestamp()).isEqualTo(0x01000000L);
      assertThat(messages.get(0).payload()).isEqualTo(payload);
      assertThat(messages.get(1).timestamp()).isEqualTo(0x10);
      assertThat(messages.get(1).payload()).hasSize(4);
    }
  }

  @Test
  void declaredMessageLengthAboveTheLimitFailsBeforeAllocating() {
    ChunkDecoder decoder = new ChunkDecoder(SMALL);
    byte[] header = hex("03" + "000000" + "0003e9" + "14" + "00000000"); // length 1001

    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(header)))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("message length 1001")
        .hasMessageContaining("exceeds the limit of 1000");
    assertThat(decoder.failed()).isTrue();
    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("c3"))))
        .isInstanceOf(RtmpProtocolException.class);
  }

  @Test
  void setChunkSizeWithTheTopBitSetIsRejected() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    byte[] bytes = hex("02" + "000000" + "000004" + "01" + "00000000" + "80000000");

    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("0x80000000")
        .hasMessageContaining("top bit");
    assertThat(decoder.failed()).isTrue();
  }

  @Test
  void setChunkSizeAboveTheCapIsRejected() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    byte[] bytes = hex("02" + "000000" + "000004" + "01" + "00000000" + "7fffffff");

    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("2147483647")
        .hasMessageContaining("exceeds the limit of " + (16 << 20));
  }

  @Test
  void setChunkSizeZeroIsRejected() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    byte[] bytes = hex("02" + "000000" + "000004" + "01" + "00000000" + "00000000");

    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("Set Chunk Size 0");
  }

  @Test
  void tooManyChunkStreamsAreRejected() throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(SMALL); // at most 3 chunk streams
    ByteWriter in = new ByteWriter();
    for (int csid = 3; csid <= 5; csid++) {
      new ChunkHeader(0, csid, 0, 1, 8, 1).write(in);
      in.u8(0xAF);
    }
    assertThat(decoder.decode(ByteBuffer.wrap(in.toByteArray()))).hasSize(3);

    assertThatThrownBy(() -> decoder.decode(
        ByteBuffer.wrap(hex("06" + "000000" + "000001" + "08" + "01000000"))))
        .isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("chunk stream id 6")
        .hasMessageContaining("more than 3 chunk streams");
  }

  @Test
  void fmt1WithoutAPreviousHeaderIsRejected() {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);

    assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex("44" + "000021000064" + "08")))
    ).isInstanceOf(RtmpProtocolException.class)
        .hasMessageContaining("fmt 1 chunk on chunk stream 4 at offset 0 without a previous fmt 0");
  }

  @Test
  void abortMessageDropsThePartialMessage() throws Exception {
    ByteWriter in = new ByteWriter();
    new ChunkHeader(0, 4, 0, 200, 9, 1).write(in);
    in.zeros(128); // first chunk of a 200-byte message
    new ChunkHeader(0, 2, 0, 4, 2, 0).write(in);
    in.u32(4); // Abort Message for csid 4
    new ChunkHeader(0, 4, 10, 3, 9, 1).write(in);
    in.bytes(hex("170001"));

    List<RawMessage> messages = new ChunkDecoder(RtmpLimits.DEFAULT)
        .decode(ByteBuffer.wrap(in.toByteArray()));

    assertThat(messages).extracting(RawMessage::typeId).containsExactly(2, 9);
    assertThat(messages.get(1).payload()).isEqualTo(hex("170001"));
  }

  @Test
  void zeroLengthMessageIsDelivered() throws Exception {
    List<RawMessage> messages = new ChunkDecoder(RtmpLimits.DEFAULT)
        .decode(ByteBuffer.wrap(hex("03" + "000005" + "000000" + "12" + "01000000")));

    assertThat(messages).singleElement()
        .satisfies(m -> assertThat(m.payload()).isEmpty())
        .satisfies(m -> assertThat(m.timestamp()).isEqualTo(5));
  }
}
