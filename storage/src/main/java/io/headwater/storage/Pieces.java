package io.headwater.storage;

import java.util.List;
import java.util.Objects;

/** The pieces of an object that {@link SegmentStore#putJoined} stores whole. */
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
}
