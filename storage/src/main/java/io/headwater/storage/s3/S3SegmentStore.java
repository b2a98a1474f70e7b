package io.headwater.storage.s3;

import io.headwater.storage.SegmentKey;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.StoredSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SegmentStore} in an S3-compatible bucket: the object {@code app/stream} + {@code name}
 * is the key {@code PREFIX} + {@code keyPrefix} + {@code app/stream/name}, written with the
 * {@code Content-Type} and {@code Cache-Control} of {@link ObjectMetadata#forName}.
 *
 * <p>Unlike the memory and file stores, {@code put} does not read the object back to refuse
 * different bytes under an existing key (that would cost a request per segment): it relies on
 * segment names being unique per stream lifetime ({@code SegmentNames}) and overwrites. {@link
 * #totalBytes()} and {@link #count()} count what this instance wrote and removed, not the bucket.
 * Calls block on the network: use this store off the ingest thread.
 */
public final class S3SegmentStore implements SegmentStore {
  private final S3ObjectStore objects;
  private final String keyPrefix;
  private final AtomicLong totalBytes = new AtomicLong();
  private final AtomicLong count = new AtomicLong();

  /**
   * @param objects the bucket
   * @param keyPrefix prepended to {@code app/stream/name} below the bucket's prefix ("" or a
   *     path ending with {@code '/'}, e.g. {@code "media/"})
   */
  public S3SegmentStore(S3ObjectStore objects, String keyPrefix) {
    this.objects = Objects.requireNonNull(objects, "objects");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (!keyPrefix.isEmpty() && !keyPrefix.endsWith("/")) {
      throw new IllegalArgumentException("keyPrefix '" + keyPrefix + "' must end with '/'");
    }
  }

  /** The object key (below the bucket's prefix) of {@code key}. */
  public String objectKey(SegmentKey key) {
    return keyPrefix + key.stream() + "/" + key.name();
  }

  @Override
  public void put(SegmentKey key, byte[] bytes) {
    objects.put(objectKey(Objects.requireNonNull(key, "key")), bytes,
        ObjectMetadata.forName(key.name()));
    totalBytes.addAndGet(bytes.length);
    count.incrementAndGet();
  }

  @Override
  public Optional<StoredSegment> get(SegmentKey key) {
    return objects.get(objectKey(Objects.requireNonNull(key, "key")));
  }

  @Override
  public Optional<byte[]> read(SegmentKey key, long offset, int maxLength) {
    return objects.getRange(objectKey(Objects.requireNonNull(key, "key")), offset, maxLength);
  }

  @Override
  public void remove(SegmentKey key) {
    objects.delete(objectKey(Objects.requireNonNull(key, "key")));
    count.updateAndGet(c -> Math.max(0, c - 1));
  }

  @Override
  public void removeStream(String stream) {
    SegmentKey.validateStream(stream);
    for (S3ObjectStore.Listed o : objects.list(keyPrefix + stream + "/")) {
      objects.delete(o.key());
      totalBytes.updateAndGet(t -> Math.max(0, t - o.sizeBytes()));
      count.updateAndGet(c -> Math.max(0, c - 1));
    }
  }

  @Override
  public List<String> list(String stream, String namePrefix) {
    SegmentKey.validateStream(stream);
    Objects.requireNonNull(namePrefix, "namePrefix");
    String base = keyPrefix + stream + "/";
    List<String> names = new ArrayList<>();
    for (S3ObjectStore.Listed o : objects.list(base + namePrefix)) {
      names.add(o.key().substring(base.length()));
    }
    return names;
  }

  @Override
  public long totalBytes() {
    return totalBytes.get();
  }

  @Override
  public int count() {
    return (int) Math.min(Integer.MAX_VALUE, count.get());
  }
}
