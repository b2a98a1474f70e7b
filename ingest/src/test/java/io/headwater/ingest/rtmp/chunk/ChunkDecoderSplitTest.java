package io.headwater.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.io.ByteWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds one synthesized chunk sequence whole, split at every offset and one byte at a time (as
 * Netty's split-at-every-offset decoder tests do) and expects the same messages every time. The
 * sequence interleaves chunk streams, carries a message longer than the chunk size, changes the
 * chunk size in the middle and continues an extended-timestamp message with fmt 3 chunks.
 */
class ChunkDecoderSplitTest {
  private static byte[] capture;
  private static List<String> expected;

  @BeforeAll
  static void buildCapture() {
    byte[] command = pattern(300, 1);
    byte[] audio1 = pattern(50, 2);
    byte[] audio2 = pattern(50, 3);
    byte[] audio3 = pattern(50, 4);
    byte[] video = pattern(600, 5);
    ByteWriter w = new ByteWriter();
    // csid 3: a 300-byte command in chunks of 128, interleaved with csid 4 audio.
    new ChunkHeader(0, 3, 0, 300, 20, 0).write(w);
    w.bytes(command, 0, 128);
    new ChunkHeader(0, 4, 1000, 50, 8, 1).write(w);
    w.bytes(audio1);
    new ChunkHeader(3, 3, 0, 0, 0, 0).write(w);
    w.bytes(command, 128, 128);
    new ChunkHeader(3, 3, 0, 0, 0, 0).write(w);
    w.bytes(command, 256, 44);
    // csid 2: Set Chunk Size 256.
    new ChunkHeader(0, 2, 0, 4, 1, 0).write(w);
    w.u32(256);
    // csid 6: 600-byte video with an extended timestamp, continued by fmt 3 chunks carrying it.
    long videoTs = 0x01000005L;
    new ChunkHeader(0, 6, videoTs, 600, 9, 1).write(w);
    w.bytes(video, 0, 256);
    new ChunkHeader(2, 4, 23, 0, 0, 0).write(w); // csid 4 audio, delta 23, between video chunks
    w.bytes(audio2);
    new ChunkHeader(3, 6, videoTs, 0, 0, 0).write(w);
    w.bytes(video, 256, 256);
    new ChunkHeader(3, 6, videoTs, 0, 0, 0).write(w);
    w.bytes(video, 512, 88);
    new ChunkHeader(3, 4, 0, 0, 0, 0).write(w); // new audio message, same delta 23
    w.bytes(audio3);
    capture = w.toByteArray();

    expected = List.of(
        describe(4, 8, 1000, 1, audio1),
        describe(3, 20, 0, 0, command),
        describe(2, 1, 0, 0, new byte[] {0, 0, 1, 0}),
        describe(4, 8, 1023, 1, audio2),
        describe(6, 9, videoTs, 1, video),
        describe(4, 8, 1046, 1, audio3));
  }

  @Test
  void decodesWholeCapture() throws Exception {
    assertThat(decodeInPieces(capture.length)).isEqualTo(expected);
  }

  @Test
  void decodesCaptureSplitAtEveryOffset() throws Exception {
    for (int split = 1; split < capture.length; split++) {
      ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
      List<String> got = new ArrayList<>();
      decoder.decode(ByteBuffer.wrap(capture, 0, split)).forEach(m -> got.add(describe(m)));
      decoder.decode(ByteBuffer.wrap(capture, split, capture.length - split))
          .forEach(m -> got.add(describe(m)));
      assertThat(got).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void decodesCaptureOneByteAtATime() throws Exception {
    assertThat(decodeInPieces(1)).isEqualTo(expected);
  }

  private static List<String> decodeInPieces(int pieceSize) throws Exception {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < capture.length; i += pieceSize) {
      int n = Math.min(pieceSize, capture.length - i);
      decoder.decode(ByteBuffer.wrap(capture, i, n)).forEach(m -> got.add(describe(m)));
    }
    assertThat(decoder.chunkSize()).isEqualTo(256);
    return got;
  }

  private static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static String describe(RawMessage m) {
    return describe(m.chunkStreamId(), m.typeId(), m.timestamp(), m.messageStreamId(),
        m.payload());
  }

  private static String describe(int csid, int type, long ts, int streamId, byte[] payload) {
    return "csid " + csid + " type " + type + " ts " + ts + " stream " + streamId + " "
        + HexFormat.of().formatHex(payload);
  }
}
