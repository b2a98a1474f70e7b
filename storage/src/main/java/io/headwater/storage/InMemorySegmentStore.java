package io.headwater.storage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SegmentStore} in memory, for the live window. Thread-safe: reads never block, and
 * {@link #totalBytes()} and {@link #count()} agree with the map once concurrent writes finish.
 * It holds what it is given; the stream's pipeline removes what leaves the window.
 */
public final class InMemorySegmentStore implements SegmentStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemorySegmentStore.class);

  private final Clock clock;
  private final ConcurrentHashMap<SegmentKey, StoredSegment> objects = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();

  /** @param clock the source of {@link StoredSegment#storedAt()} */
  public InMemorySegmentStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void put(SegmentKey key, byte[] bytes) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bytes, "bytes");
    // The array is handed over (SegmentStore.put): no copy, so a live window costs its bytes once.
    StoredSegment fresh = new StoredSegment(bytes, clock.instant());
    StoredSegment existing = objects.putIfAbsent(key, fresh);
    if (existing == null) {
      totalBytes.addAndGet(fresh.sizeBytes());
      LOG.debug("stored {} ({} bytes)", key, fresh.sizeBytes());
    } else if (!Arrays.equals(existing.bytes(), bytes)) {
      throw new IllegalStateException(key + " already holds " + existing.sizeBytes()
          + " different bytes; stored objects are immutable");
    }
  }

  @Override
  public Optional<StoredSegment> get(SegmentKey key) {
    return Optional.ofNullable(objects.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public void remove(SegmentKey key) {
    StoredSegment removed = objects.remove(Objects.requireNonNull(key, "key"));
    if (removed != null) {
      totalBytes.addAndGet(-removed.sizeBytes());
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
        totalBytes.addAndGet(-e.getValue().sizeBytes());
        removedCount++;
      }
    }
    LOG.debug("removed {} objects of stream {}", removedCount, stream);
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
