package io.headwater.storage;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored media object and when it was stored (the HTTP {@code Last-Modified} of an immutable
 * object).
 *
 * <p>The bytes are held once, in one read-only buffer that every reader shares through its own
 * view ({@link #body()}): the live window's objects are off the heap (direct buffers, see
 * {@link InMemorySegmentStore}), objects read from disk or object storage are heap buffers.
 * Nothing can change them after the store made the object.
 */
public final class StoredSegment {
  private final ByteBuffer body; // read-only, position 0, limit = size; never handed out itself
  private final byte[] heapArray; // the array body wraps whole, when made from one; else null
  private final boolean view; // body is a slice of another object's bytes: it owns no memory
  private final Instant storedAt;

  /**
   * @param body the object's bytes from its position to its limit; the buffer is shared, not
   *     copied, and must not be changed by anybody afterwards
   * @param storedAt when the store accepted it
   */
  public StoredSegment(ByteBuffer body, Instant storedAt) {
    this(body, null, false, storedAt);
  }

  /**
   * An object whose bytes are {@code bytes}, held on the heap (files and object storage).
   *
   * @param bytes the object's bytes; wrapped, not copied: the caller must not change them
   * @param storedAt when the store accepted it
   */
  public StoredSegment(byte[] bytes, Instant storedAt) {
    this(ByteBuffer.wrap(Objects.requireNonNull(bytes, "bytes")), bytes, false, storedAt);
  }

  private StoredSegment(ByteBuffer body, byte[] heapArray, boolean view, Instant storedAt) {
    this.body = Objects.requireNonNull(body, "body").slice().asReadOnlyBuffer();
    this.heapArray = heapArray;
    this.view = view;
    this.storedAt = Objects.requireNonNull(storedAt, "storedAt");
  }

  /**
   * An object whose bytes are {@code length} bytes of {@code whole}'s from {@code offset},
   * shared, not copied (an LL-HLS part inside its segment).
   */
  static StoredSegment viewOf(StoredSegment whole, int offset, int length, Instant storedAt) {
    return new StoredSegment(whole.body.slice(offset, length), null, true, storedAt);
  }

  /** Whether the bytes are {@code array} itself, whole (not a copy of it). */
  boolean wraps(byte[] array) {
    return heapArray == array;
  }

  /** Whether the bytes belong to another object, of which this one is a slice. */
  boolean isView() {
    return view;
  }

  /**
   * A read-only view of the bytes, positioned at 0 with the object's size as its limit. Each call
   * gives a new view, so callers may move its position and limit freely; the bytes are shared.
   */
  public ByteBuffer body() {
    return body.duplicate();
  }

  /** The same as {@link #body()}: a read-only view of the bytes, positioned at 0. */
  public ByteBuffer asReadOnlyBuffer() {
    return body();
  }

  /**
   * The bytes as an array, for code that needs one (parsing a playlist, an upload API): the
   * object's own array when it was made from one (shared: callers MUST NOT modify it), else a
   * heap copy made on every call. Serving reads {@link #body()} instead.
   */
  public byte[] bytes() {
    if (heapArray != null) {
      return heapArray;
    }
    byte[] copy = new byte[body.remaining()];
    body.duplicate().get(copy);
    return copy;
  }

  /** Whether the bytes are off the heap (a direct buffer). */
  public boolean isDirect() {
    return body.isDirect();
  }

  /** The object's length in bytes. */
  public int sizeBytes() {
    return body.remaining();
  }

  /** When the store accepted the object. */
  public Instant storedAt() {
    return storedAt;
  }

  /** Whether the object holds exactly {@code bytes}. */
  public boolean holds(byte[] bytes) {
    return body.equals(ByteBuffer.wrap(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSegment other
        && storedAt.equals(other.storedAt)
        && body.equals(other.body);
  }

  @Override
  public int hashCode() {
    return 31 * body.hashCode() + storedAt.hashCode();
  }

  @Override
  public String toString() {
    return "StoredSegment[" + body.remaining() + " bytes" + (body.isDirect() ? " off-heap" : "")
        + ", storedAt=" + storedAt + "]";
  }
}
