package io.headwater.storage;

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
    long size = 0;
    for (byte[] p : pieces) {
      size += p.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("pieces of " + size + " bytes in all are too large");
    }
    return (int) size;
  }

  /** The pieces one after another in one new array. */
  static byte[] concatenate(List<byte[]> pieces) {
    byte[] whole = new byte[check(pieces, List.of())];
    int at = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, whole, at, p.length);
      at += p.length;
    }
    return whole;
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
