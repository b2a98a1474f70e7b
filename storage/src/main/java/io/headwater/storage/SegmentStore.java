package io.headwater.storage;

import io.headwater.packager.io.ByteWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where segment, part and init-segment bytes live. Objects are immutable once stored: a key,
 * once served, never changes content (DESIGN.md), so a second {@code put} of the same key with
 * different bytes is refused. Implementations are safe for one writer per stream and any number
 * of concurrent readers.
 *
 * <p>A playlist must be published only after every object it lists has been {@code put}.
 */
public interface SegmentStore {

  /**
   * Stores {@code bytes} under {@code key}. The store may keep the array itself rather than a
   * copy (the in-memory store does, so each segment exists once in memory): the caller hands it
   * over and must not modify it afterwards. Storing identical bytes again is a no-op.
   *
   * @throws IllegalStateException when {@code key} already holds different bytes
   */
  void put(SegmentKey key, byte[] bytes);

  /** The object under {@code key}, or empty when it was never stored or has been removed. */
  Optional<StoredSegment> get(SegmentKey key);

  /**
   * Lets the object under {@code part}, whose bytes are those of the object under {@code whole}
   * from {@code offset} on (an LL-HLS part and its segment, RFC 8216bis 4.4.4.9), hold them as
   * a slice of {@code whole}'s, so that memory holds them once. The part's content does not
   * change. The default, for stores that do not hold bytes in memory, does nothing.
   *
   * @return whether the part now shares {@code whole}'s bytes; false when either is absent, the
   *     part already shares, or the bytes at {@code offset} differ from the part's
   */
  default boolean shareBytes(SegmentKey part, SegmentKey whole, int offset) {
    return false;
  }

  /**
   * Stores {@code bytes} under {@code key} as {@link #put} does, for an object that lives only
   * until it shares another object's bytes ({@link #putJoined}) or is removed: an LL-HLS part of
   * the open segment. The in-memory store keeps the caller's array as it is, on the heap, instead
   * of copying it off the heap. The default is {@link #put}.
   */
  default void putTransient(SegmentKey key, byte[] bytes) {
    put(key, bytes);
  }

  /**
   * Stores under {@code key} the concatenation of {@code pieces} (a CMAF segment made of its
   * chunks, RFC 8216bis 4.4.4.9), then lets each piece stored on its own under the matching key
   * of {@code pieceKeys} hold its bytes as a slice of the whole, as {@link #shareBytes} does. A
   * piece shares only when its stored object was made from that very array (so its bytes are the
   * whole's by construction and need no comparison). The pieces are handed over as for {@link
   * #put}. The default concatenates, puts and shares byte-compared.
   *
   * @param pieceKeys empty when the pieces are not stored on their own, else one key per piece
   * @throws IllegalArgumentException when {@code pieceKeys} is neither empty nor as long as
   *     {@code pieces}, or the pieces together exceed an array's size
   */
  default void putJoined(SegmentKey key, List<byte[]> pieces, List<SegmentKey> pieceKeys) {
    Pieces.check(pieces, pieceKeys);
    put(key, ByteWriter.concat(pieces));
    int offset = 0;
    for (int i = 0; i < pieceKeys.size(); i++) {
      shareBytes(pieceKeys.get(i), key, offset);
      offset += pieces.get(i).length;
    }
  }

  /**
   * Stores the {@code size} bytes that {@code writer} writes into the buffer it is handed (from
   * position 0, with {@code size} as its limit, to be filled exactly): a muxer that knows its
   * output's size before writing it writes straight into the store's memory, without an array of
   * its own. The default writes into a new array and {@link #put}s it.
   *
   * @throws IllegalArgumentException when {@code size} is negative
   * @throws IllegalStateException when the writer leaves part of the buffer unwritten, or
   *     {@code key} already holds different bytes
   */
  default void putWritten(SegmentKey key, int size, Consumer<ByteBuffer> writer) {
    put(key, Pieces.written(size, writer));
  }

  /** Removes the object under {@code key}; does nothing when absent. */
  void remove(SegmentKey key);

  /** Removes every object of {@code stream} ({@code "app/stream"}); other streams stay. */
  void removeStream(String stream);

  /** Sum of the sizes of the stored objects. */
  long totalBytes();

  /** Number of stored objects. */
  int count();

  /**
   * The names of {@code stream}'s objects that start with {@code namePrefix} ("" for all),
   * sorted. The default scans nothing and returns an empty list; stores that can enumerate
   * override it.
   */
  default List<String> list(String stream, String namePrefix) {
    SegmentKey.validateStream(stream);
    return new ArrayList<>();
  }

  /**
   * Up to {@code maxLength} bytes of the object under {@code key} from {@code offset} (an HTTP
   * byte range), or empty when the object is absent. Fewer bytes come back only at the object's
   * end; an offset at or past the end gives an empty array.
   *
   * @throws IllegalArgumentException when {@code offset} or {@code maxLength} is negative
   */
  default Optional<byte[]> read(SegmentKey key, long offset, int maxLength) {
    if (offset < 0 || maxLength < 0) {
      throw new IllegalArgumentException("range offset " + offset + " length " + maxLength);
    }
    return get(key).map(s -> {
      int from = (int) Math.min(offset, s.sizeBytes());
      int to = (int) Math.min((long) from + maxLength, s.sizeBytes());
      byte[] range = new byte[to - from];
      s.body().get(from, range);
      return range;
    });
  }
}
