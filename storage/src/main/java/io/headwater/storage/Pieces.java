package io.headwater.storage;

import io.headwater.packager.io.ByteWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Objects handed to a store in pieces ({@link SegmentStore#putJoined}) or by a writer ({@link
 * SegmentStore#putWritten}).
 */
final class Pieces {
  private Pieces() {}

  /**
   * Checks {@link SegmentStore#putJoined}'s arguments.
   *
   * @return the pieces' length in all
   * @throws IllegalArgumentException when {@code pieceKeys} is neither empty nor one key per
   *     piece, or the pieces together exceed an array's size
   */
  static int check(List<byte[]> pieces, List<SegmentKey> pieceKeys) {
    Objects.requireNonNull(pieces, "pieces");
    Objects.requireNonNull(pieceKeys, "pieceKeys");
    if (!pieceKeys.isEmpty() && pieceKeys.size() != pieces.size()) {
      throw new IllegalArgumentException(pieceKeys.size() + " keys for " + pieces.size()
          + " pieces");
    }
    return ByteWriter.totalLength(pieces);
  }

  /** The {@code size} bytes {@code writer} writes, in a new array. */
  static byte[] written(int size, Consumer<ByteBuffer> writer) {
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " < 0");
    }
    byte[] bytes = new byte[size];
    fill(ByteBuffer.wrap(bytes), writer);
    return bytes;
  }

  /** Lets {@code writer} fill {@code buffer} (position 0, limit its size) and checks it did. */
  static void fill(ByteBuffer buffer, Consumer<ByteBuffer> writer) {
    Objects.requireNonNull(writer, "writer").accept(buffer);
    if (buffer.hasRemaining()) {
      throw new IllegalStateException("the writer left " + buffer.remaining() + " of "
          + buffer.limit() + " bytes unwritten");
    }
  }
}
