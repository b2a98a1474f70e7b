package io.headwater.storage;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored media object and when it was stored (the HTTP {@code Last-Modified} of an immutable
 * object).
 *
 * <p>The array is shared, not copied, so that serving a segment costs no copy: callers MUST NOT
 * modify it. Use {@link #asReadOnlyBuffer()} to hand it to code that is not trusted with that
 * rule.
 *
 * @param bytes the object's bytes; read-only by contract
 * @param storedAt when the store accepted it
 */
public record StoredSegment(byte[] bytes, Instant storedAt) {
  public StoredSegment {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(storedAt, "storedAt");
  }

  /** The object's length in bytes. */
  public int sizeBytes() {
    return bytes.length;
  }

  /** A read-only view of the bytes, positioned at 0. */
  public ByteBuffer asReadOnlyBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSegment other
        && storedAt.equals(other.storedAt)
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(bytes) + storedAt.hashCode();
  }

  @Override
  public String toString() {
    return "StoredSegment[" + bytes.length + " bytes, storedAt=" + storedAt + "]";
  }
}
