package io.headwater.storage;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SegmentStore} in memory, for the live window. Thread-safe: reads never block, and
 * {@link #totalBytes()} and {@link #count()} agree with the map once concurrent writes finish.
 * It holds what it is given; the stream's pipeline removes what leaves the window.
 *
 * <p>Objects that are sent to sockets also get an off-heap (direct) copy, made once on the first
 * {@link #sendable} call: the JDK copies a heap buffer into a temporary direct one on every socket
 * write (again for each partial write of a large segment), while a direct buffer goes to the
 * kernel as it is. The copies are bounded by a byte budget (beyond it, objects are sent from the
 * heap as before) and are dropped with their object.
 */
public final class InMemorySegmentStore implements SegmentStore {
  /** Default budget of off-heap copies: the live windows of a few dozen streams. */
  public static final long DEFAULT_DIRECT_BUDGET_BYTES = 128L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(InMemorySegmentStore.class);

  private final Clock clock;
  private final long directBudgetBytes;
  private final ConcurrentHashMap<SegmentKey, Entry> objects = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong directBytes = new AtomicLong();
  private final AtomicBoolean directExhaustedLogged = new AtomicBoolean();

  /** One stored object and, once it has been sent, its off-heap copy. */
  private static final class Entry {
    final StoredSegment segment;
    private volatile ByteBuffer direct; // written under this; read-only, position 0
    private boolean removed; // guarded by this

    Entry(StoredSegment segment) {
      this.segment = segment;
    }
  }

  /** @param clock the source of {@link StoredSegment#storedAt()} */
  public InMemorySegmentStore(Clock clock) {
    this(clock, DEFAULT_DIRECT_BUDGET_BYTES);
  }

  /**
   * @param clock the source of {@link StoredSegment#storedAt()}
   * @param directBudgetBytes how many bytes of off-heap copies may exist at once (0: none)
   */
  public InMemorySegmentStore(Clock clock, long directBudgetBytes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (directBudgetBytes < 0) {
      throw new IllegalArgumentException("direct budget " + directBudgetBytes + " < 0");
    }
    this.directBudgetBytes = directBudgetBytes;
  }

  @Override
  public void put(SegmentKey key, byte[] bytes) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bytes, "bytes");
    // The array is handed over (SegmentStore.put): no copy, so a live window costs its bytes once.
    Entry fresh = new Entry(new StoredSegment(bytes, clock.instant()));
    Entry existing = objects.putIfAbsent(key, fresh);
    if (existing == null) {
      totalBytes.addAndGet(bytes.length);
      LOG.debug("stored {} ({} bytes)", key, bytes.length);
    } else if (!Arrays.equals(existing.segment.bytes(), bytes)) {
      throw new IllegalStateException(key + " already holds " + existing.segment.sizeBytes()
          + " different bytes; stored objects are immutable");
    }
  }

  @Override
  public Optional<StoredSegment> get(SegmentKey key) {
    Entry e = objects.get(Objects.requireNonNull(key, "key"));
    return e == null ? Optional.empty() : Optional.of(e.segment);
  }

  /**
   * A read-only buffer of {@code segment}'s bytes to write to a socket, positioned at 0: the
   * off-heap copy when {@code segment} is what {@code key} holds here (made on this first call if
   * the budget allows), else a heap view. Callers may move the position and limit of what they
   * get; the bytes are shared.
   */
  public ByteBuffer sendable(SegmentKey key, StoredSegment segment) {
    Entry e = objects.get(Objects.requireNonNull(key, "key"));
    if (e == null || e.segment != segment) {
      return segment.asReadOnlyBuffer();
    }
    ByteBuffer made = e.direct;
    if (made != null) {
      return made.duplicate();
    }
    synchronized (e) {
      if (e.direct == null && !e.removed) {
        int size = segment.sizeBytes();
        if (directBytes.addAndGet(size) > directBudgetBytes) {
          directBytes.addAndGet(-size);
          LOG.debug("off-heap budget of {} bytes spent; {} sent from the heap",
              directBudgetBytes, key);
          return segment.asReadOnlyBuffer();
        }
        ByteBuffer copy;
        try {
          copy = ByteBuffer.allocateDirect(size);
        } catch (OutOfMemoryError full) {
          // -XX:MaxDirectMemorySize reached (copies of removed objects not yet collected count
          // too): this object goes out from the heap, which is slower, not wrong.
          directBytes.addAndGet(-size);
          if (directExhaustedLogged.compareAndSet(false, true)) {
            LOG.warn("direct memory exhausted ({}); segments are sent from the heap until it "
                + "frees up", full.getMessage());
          }
          return segment.asReadOnlyBuffer();
        }
        copy.put(segment.bytes()).flip();
        e.direct = copy.asReadOnlyBuffer();
      }
      return e.direct == null ? segment.asReadOnlyBuffer() : e.direct.duplicate();
    }
  }

  /** Bytes held in off-heap copies of stored objects now. */
  public long directBytes() {
    return directBytes.get();
  }

  @Override
  public void remove(SegmentKey key) {
    Entry removed = objects.remove(Objects.requireNonNull(key, "key"));
    if (removed != null) {
      release(removed);
    }
  }

  @Override
  public void removeStream(String stream) {
    SegmentKey.validateStream(stream);
    int removedCount = 0;
    for (Map.Entry<SegmentKey, Entry> e : objects.entrySet()) {
      // remove(key, value) succeeds once per stored object, so the byte count stays exact even
      // when another thread removes the same key at the same time
      if (e.getKey().stream().equals(stream) && objects.remove(e.getKey(), e.getValue())) {
        release(e.getValue());
        removedCount++;
      }
    }
    LOG.debug("removed {} objects of stream {}", removedCount, stream);
  }

  /**
   * Accounts for an object that left the map. Its off-heap copy is freed by the garbage collector
   * once no write in flight holds it; freeing it here could pull it from under a slow client.
   */
  private void release(Entry e) {
    totalBytes.addAndGet(-e.segment.sizeBytes());
    synchronized (e) {
      e.removed = true;
      if (e.direct != null) {
        directBytes.addAndGet(-e.direct.capacity());
        e.direct = null;
      }
    }
  }

  @Override
  public List<String> list(String stream, String namePrefix) {
    SegmentKey.validateStream(stream);
    Objects.requireNonNull(namePrefix, "namePrefix");
    List<String> names = new ArrayList<>();
    for (SegmentKey key : objects.keySet()) {
      if (key.stream().equals(stream) && key.name().startsWith(namePrefix)) {
        names.add(key.name());
      }
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public long totalBytes() {
    return totalBytes.get();
  }

  @Override
  public int count() {
    return objects.size();
  }
}
