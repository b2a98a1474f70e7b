package io.headwater.storage;

import io.headwater.packager.io.ByteWriter;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SegmentStore} in memory, for the live window. Thread-safe: reads never block, and
 * {@link #totalBytes()} and {@link #count()} agree with the map once concurrent writes finish.
 * It holds what it is given; the stream's pipeline removes what leaves the window.
 *
 * <p>Each object is held once, off the heap: {@link #put} copies the writer's array into one
 * direct buffer and keeps no heap array ({@link #putWritten} lets a muxer write into that buffer
 * itself, {@link #putJoined} copies an object's pieces into it), and every reader (sockets, Range
 * requests, recorder, uploader) reads read-only views of it. The one exception is short-lived:
 * an LL-HLS part of the open segment ({@link #putTransient}) stays the muxer's heap array until
 * its segment is joined, about two seconds, then becomes a slice of the segment's buffer. So the garbage collector neither holds nor scans the
 * live window, and a socket write needs no temporary direct copy (the JDK makes one for a heap
 * buffer on every write). A direct buffer is freed by the collector's cleaner once its object was
 * removed and the last view (a slow client's write, say) is gone. Off-heap bytes are bounded by
 * a budget, by default three quarters of the JVM's direct memory limit ({@link DirectMemory});
 * beyond it, or when the JVM refuses direct memory, objects stay on the heap as their arrays,
 * which costs heap, not correctness. Released buffers wait for a collection to be freed; {@link
 * DirectGarbage} asks for one when they pile up.
 */
public final class InMemorySegmentStore implements SegmentStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemorySegmentStore.class);

  private final Clock clock;
  private final long directBudgetBytes;
  private final ConcurrentHashMap<SegmentKey, StoredSegment> objects = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong directBytes = new AtomicLong();
  private final AtomicBoolean directExhaustedLogged = new AtomicBoolean();
  private final DirectGarbage directGarbage = new DirectGarbage();

  /**
   * A store whose off-heap budget is three quarters of the JVM's direct memory limit (the rest
   * stays for the HTTP server's buffers and for removed objects the collector has yet to free).
   *
   * @param clock the source of {@link StoredSegment#storedAt()}
   */
  public InMemorySegmentStore(Clock clock) {
    this(clock, DirectMemory.maxBytes() / 4 * 3);
  }

  /**
   * @param clock the source of {@link StoredSegment#storedAt()}
   * @param directBudgetBytes how many bytes of stored objects may be off the heap at once (0:
   *     none, every object stays on the heap)
   */
  public InMemorySegmentStore(Clock clock, long directBudgetBytes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (directBudgetBytes < 0) {
      throw new IllegalArgumentException("direct budget " + directBudgetBytes + " < 0");
    }
    this.directBudgetBytes = directBudgetBytes;
  }

  /**
   * Stores a copy of {@code bytes} off the heap, keeping no reference to the array, or the array
   * itself when the off-heap budget is spent (so, as {@link SegmentStore#put} says, the caller
   * hands the array over and must not modify it).
   */
  @Override
  public void put(SegmentKey key, byte[] bytes) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bytes, "bytes");
    StoredSegment existing = objects.get(key);
    if (existing == null) {
      ByteBuffer direct = allocateDirect(key, bytes.length);
      existing = insert(key, direct == null ? new StoredSegment(bytes, clock.instant())
          : new StoredSegment(direct.put(bytes).flip(), clock.instant()));
      if (existing == null) {
        return;
      }
    }
    requireSame(key, existing, List.of(bytes));
  }

  /**
   * Keeps the array itself, on the heap: no direct buffer is allocated and filled for an object
   * whose bytes {@link #putJoined} soon moves into its whole's (or that is soon removed).
   */
  @Override
  public void putTransient(SegmentKey key, byte[] bytes) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bytes, "bytes");
    StoredSegment existing = objects.get(key);
    if (existing == null) {
      existing = insert(key, new StoredSegment(bytes, clock.instant()));
      if (existing == null) {
        return;
      }
    }
    requireSame(key, existing, List.of(bytes));
  }

  /**
   * Copies the pieces straight into one direct buffer (no joined heap array), then turns each
   * piece stored from the same array by {@link #putTransient} or {@link #put} on the heap into a
   * slice of it, whose bytes are the whole's by construction (no comparison); its own array is
   * then garbage.
   */
  @Override
  public void putJoined(SegmentKey key, List<byte[]> pieces, List<SegmentKey> pieceKeys) {
    Objects.requireNonNull(key, "key");
    int size = Pieces.check(pieces, pieceKeys);
    StoredSegment existing = objects.get(key);
    if (existing == null) {
      ByteBuffer direct = allocateDirect(key, size);
      StoredSegment whole;
      if (direct == null) {
        whole = new StoredSegment(ByteWriter.concat(pieces), clock.instant());
      } else {
        for (byte[] p : pieces) {
          direct.put(p);
        }
        whole = new StoredSegment(direct.flip(), clock.instant());
      }
      existing = insert(key, whole);
      if (existing == null) {
        share(whole, pieces, pieceKeys);
        return;
      }
    }
    requireSame(key, existing, pieces);
  }

  /**
   * Lets the writer fill a direct buffer of {@code size} bytes (no heap array), or a heap array
   * when the off-heap budget is spent.
   */
  @Override
  public void putWritten(SegmentKey key, int size, Consumer<ByteBuffer> writer) {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " < 0");
    }
    StoredSegment existing = objects.get(key);
    if (existing != null) {
      requireSame(key, existing, List.of(Pieces.written(size, writer)));
      return;
    }
    ByteBuffer direct = allocateDirect(key, size);
    StoredSegment fresh;
    if (direct == null) {
      fresh = new StoredSegment(Pieces.written(size, writer), clock.instant());
    } else {
      try {
        Pieces.fill(direct, writer);
      } catch (RuntimeException | Error e) {
        directBytes.addAndGet(-size); // never stored: released at once
        directGarbage.onRelease(size);
        throw e;
      }
      fresh = new StoredSegment(direct.flip(), clock.instant());
    }
    existing = insert(key, fresh);
    if (existing != null && !existing.body().equals(fresh.body())) {
      throw new IllegalStateException(key + " already holds " + existing.sizeBytes()
          + " different bytes; stored objects are immutable");
    }
  }

  /** The pieces stored from exactly these arrays become slices of {@code whole}. */
  private void share(StoredSegment whole, List<byte[]> pieces, List<SegmentKey> pieceKeys) {
    int offset = 0;
    for (int i = 0; i < pieceKeys.size(); i++) {
      byte[] piece = pieces.get(i);
      SegmentKey pieceKey = Objects.requireNonNull(pieceKeys.get(i), "piece key");
      StoredSegment p = objects.get(pieceKey);
      if (p != null && p.wraps(piece) && objects.replace(pieceKey, p,
          StoredSegment.viewOf(whole, offset, piece.length, p.storedAt()))) {
        unreserve(p);
      }
      offset += piece.length;
    }
  }

  /**
   * Maps {@code key} to {@code fresh} unless it holds an object already.
   *
   * @return null when {@code fresh} was stored, else the object the key already holds
   */
  private StoredSegment insert(SegmentKey key, StoredSegment fresh) {
    StoredSegment existing = objects.putIfAbsent(key, fresh);
    if (existing == null) {
      totalBytes.addAndGet(fresh.sizeBytes());
      LOG.debug("stored {} ({} bytes{})", key, fresh.sizeBytes(),
          fresh.isDirect() ? " off-heap" : "");
      return null;
    }
    unreserve(fresh); // another writer stored the key first
    return existing;
  }

  /** Refuses a second put of a key with other bytes than the first's (a no-op otherwise). */
  private static void requireSame(SegmentKey key, StoredSegment existing, List<byte[]> pieces) {
    ByteBuffer held = existing.body();
    boolean same = true;
    for (byte[] p : pieces) {
      if (held.remaining() < p.length
          || !held.slice(held.position(), p.length).equals(ByteBuffer.wrap(p))) {
        same = false;
        break;
      }
      held.position(held.position() + p.length);
    }
    if (!same || held.hasRemaining()) {
      throw new IllegalStateException(key + " already holds " + existing.sizeBytes()
          + " different bytes; stored objects are immutable");
    }
  }

  /**
   * An empty direct buffer of {@code size} bytes within the budget, reserved against it, or null
   * when the object is to stay on the heap.
   */
  private ByteBuffer allocateDirect(SegmentKey key, int size) {
    if (directBytes.addAndGet(size) > directBudgetBytes) {
      directBytes.addAndGet(-size);
      if (directExhaustedLogged.compareAndSet(false, true)) {
        LOG.warn("off-heap budget of {} bytes spent (-XX:MaxDirectMemorySize); live segments "
            + "are kept on the heap until it frees up, first {}", directBudgetBytes, key);
      }
      return null;
    }
    try {
      ByteBuffer direct = ByteBuffer.allocateDirect(size);
      long reserved = directBytes.get();
      directGarbage.afterAllocation(reserved);
      // Hysteresis: near the budget, objects that fit and objects that do not alternate, and a
      // WARN/INFO pair per segment would flood the log (6,180 lines in 20 s at 300 streams).
      if (reserved <= directBudgetBytes / 10 * 9
          && directExhaustedLogged.compareAndSet(true, false)) {
        LOG.info("live segments are stored off the heap again, from {}", key);
      }
      return direct;
    } catch (OutOfMemoryError full) {
      // -XX:MaxDirectMemorySize reached (buffers of removed objects the collector has yet to
      // free count too, and the JDK has already run a GC to free them): this object stays on the
      // heap, which costs heap, not correctness.
      directBytes.addAndGet(-size);
      if (directExhaustedLogged.compareAndSet(false, true)) {
        LOG.warn("direct memory exhausted ({}); live segments are kept on the heap until it "
            + "frees up, first {}", full.getMessage(), key);
      }
      return null;
    }
  }

  @Override
  public boolean shareBytes(SegmentKey part, SegmentKey whole, int offset) {
    StoredSegment p = objects.get(Objects.requireNonNull(part, "part"));
    StoredSegment w = objects.get(Objects.requireNonNull(whole, "whole"));
    if (p == null || w == null || p.isView() || offset < 0
        || offset > w.sizeBytes() - p.sizeBytes()) {
      return false;
    }
    StoredSegment shared = StoredSegment.viewOf(w, offset, p.sizeBytes(), p.storedAt());
    if (!shared.body().equals(p.body()) || !objects.replace(part, p, shared)) {
      return false; // other bytes (never served as the part's), or removed meanwhile
    }
    unreserve(p); // its own bytes are freed once no reader holds them
    return true;
  }

  @Override
  public Optional<StoredSegment> get(SegmentKey key) {
    return Optional.ofNullable(objects.get(Objects.requireNonNull(key, "key")));
  }

  /** Bytes held off the heap now (a part that shares its segment's bytes adds none). */
  public long directBytes() {
    return directBytes.get();
  }

  @Override
  public void remove(SegmentKey key) {
    StoredSegment removed = objects.remove(Objects.requireNonNull(key, "key"));
    if (removed != null) {
      release(removed);
    }
  }

  @Override
  public void removeStream(String stream) {
    SegmentKey.validateStream(stream);
    int removedCount = 0;
    for (Map.Entry<SegmentKey, StoredSegment> e : objects.entrySet()) {
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
   * Accounts for an object that left the map. Its direct buffer is freed by the garbage
   * collector once no view holds it; freeing it here could pull it from under a slow client.
   */
  private void release(StoredSegment s) {
    totalBytes.addAndGet(-s.sizeBytes());
    unreserve(s);
  }

  private void unreserve(StoredSegment s) {
    if (s.isDirect() && !s.isView()) {
      directBytes.addAndGet(-s.sizeBytes());
      directGarbage.onRelease(s.sizeBytes());
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
