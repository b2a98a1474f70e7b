package io.headwater.storage;

import java.util.Optional;

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
   * Stores {@code bytes} under {@code key}. The store keeps its own copy, so the caller may reuse
   * the array afterwards. Storing identical bytes again is a no-op.
   *
   * @throws IllegalStateException when {@code key} already holds different bytes
   */
  void put(SegmentKey key, byte[] bytes);

  /** The object under {@code key}, or empty when it was never stored or has been removed. */
  Optional<StoredSegment> get(SegmentKey key);

  /** Removes the object under {@code key}; does nothing when absent. */
  void remove(SegmentKey key);

  /** Removes every object of {@code stream} ({@code "app/stream"}); other streams stay. */
  void removeStream(String stream);

  /** Sum of the sizes of the stored objects. */
  long totalBytes();

  /** Number of stored objects. */
  int count();
}
