package io.headwater.origin.recording;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cache of packaged media-folder files ({@code DATADIR/cache/vod/files/NAME/VERSION/})
 * bounded. A pass deletes, in order: versions whose source file is gone or has changed (a
 * replaced file has a new version), the remains of an interrupted packaging, and then the least
 * recently used versions while all together are larger than the bound. A version fetched within
 * the last minute is in use and kept, so a viewer of a replaced file plays on and a file larger
 * than the bound is not packaged again on every request. Last use is remembered in memory; after
 * a restart it starts from each version's packaging time.
 */
final class MediaCachePruner {
  private static final Logger LOG = LoggerFactory.getLogger(MediaCachePruner.class);
  /** How long after its last request a version counts as being played. */
  static final Duration IN_USE = Duration.ofMinutes(1);

  /** Why a version was deleted, as the log line says. */
  enum Reason { SOURCE_GONE, SOURCE_CHANGED, INCOMPLETE, SIZE }

  /** A deleted version, for the caller and the tests. */
  record Deleted(RecordingId id, Reason reason, long bytes) {}

  private record Entry(RecordingId id, long bytes, long lastUsedMillis) {}

  private final Clock clock;
  private final long maxBytes;
  private final ConcurrentHashMap<RecordingId, Long> lastUse = new ConcurrentHashMap<>();

  /**
   * @param maxBytes the bound of the whole cache; zero for none
   */
  MediaCachePruner(Clock clock, long maxBytes) {
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** Notes a request for (a playlist or segment of) {@code id}. */
  void used(RecordingId id) {
    lastUse.put(id, clock.millis());
  }

  /**
   * One pass over the cache.
   *
   * @param catalog the cache's catalogue
   * @param currentVersion the version a media file has now, empty when it is gone
   * @param packaging whether a version is being packaged right now (never touched)
   * @return what was deleted
   */
  synchronized List<Deleted> prune(RecordingCatalog catalog,
      Function<String, Optional<String>> currentVersion, Predicate<RecordingId> packaging) {
    long now = clock.millis();
    List<Deleted> deleted = new ArrayList<>();
    List<Entry> kept = new ArrayList<>();
    Set<RecordingId> listed = ConcurrentHashMap.newKeySet();
    for (RecordingInfo r : catalog.list()) {
      RecordingId id = r.id();
      listed.add(id);
      long lastUsed = lastUse.getOrDefault(id, r.manifest().updatedMillis());
      boolean inUse = now - lastUsed < IN_USE.toMillis() || packaging.test(id);
      Optional<String> current = currentVersion.apply(id.stream());
      Reason stale = current.isEmpty() ? Reason.SOURCE_GONE
          : !current.get().equals(id.epoch()) ? Reason.SOURCE_CHANGED : null;
      if (stale == null && !r.manifest().ended() && !packaging.test(id)) {
        stale = Reason.INCOMPLETE; // a packaging that was interrupted; redone on request
      }
      if (stale != null && !inUse) {
        delete(catalog, id, stale, r.sizeBytes(), deleted);
      } else {
        kept.add(new Entry(id, r.sizeBytes(), inUse ? Long.MAX_VALUE : lastUsed));
      }
    }
    for (RecordingId id : unlisted(catalog, listed)) {
      if (!packaging.test(id)) {
        delete(catalog, id, Reason.INCOMPLETE, catalog.sizeOf(id), deleted);
      }
    }
    // Only versions that exist are remembered.
    lastUse.keySet().removeIf(id -> !listed.contains(id) && !packaging.test(id));
    if (maxBytes > 0) {
      long total = kept.stream().mapToLong(Entry::bytes).sum();
      kept.sort(Comparator.comparingLong(Entry::lastUsedMillis));
      for (Entry e : kept) {
        if (total <= maxBytes || e.lastUsedMillis() == Long.MAX_VALUE) {
          break;
        }
        delete(catalog, e.id(), Reason.SIZE, e.bytes(), deleted);
        total -= e.bytes();
      }
    }
    return deleted;
  }

  private void delete(RecordingCatalog catalog, RecordingId id, Reason reason, long bytes,
      List<Deleted> deleted) {
    catalog.delete(id);
    lastUse.remove(id);
    removeEmptyDirectories(catalog, id);
    deleted.add(new Deleted(id, reason, bytes));
    LOG.info("media cache version deleted file={} version={} reason={} bytes={}", id.stream(),
        id.epoch(), reason.name().toLowerCase(java.util.Locale.ROOT), bytes);
  }

  /** Version directories that hold files but no complete manifest: interrupted packagings. */
  private static List<RecordingId> unlisted(RecordingCatalog catalog, Set<RecordingId> listed) {
    List<RecordingId> out = new ArrayList<>();
    Path files = catalog.root().resolve(MediaFolder.APP);
    for (Path name : children(files)) {
      for (Path version : children(name)) {
        try {
          RecordingId id = new RecordingId(MediaFolder.APP, name.getFileName().toString(),
              version.getFileName().toString());
          if (!listed.contains(id)) {
            out.add(id);
          }
        } catch (IllegalArgumentException e) {
          // not a directory the packager made
        }
      }
    }
    return out;
  }

  private static void removeEmptyDirectories(RecordingCatalog catalog, RecordingId id) {
    Path name = catalog.root().resolve(MediaFolder.APP).resolve(id.stream());
    for (Path dir : List.of(name.resolve(id.epoch()).resolve("v"),
        name.resolve(id.epoch()).resolve("a"), name.resolve(id.epoch()), name)) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        return; // another version, or a packaging that started meanwhile
      } catch (IOException e) {
        LOG.warn("media cache directory not removed path={}: {}", dir, e.toString());
        return;
      }
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      LOG.warn("media cache not listed path={}: {}", dir, e.toString());
    }
    return out;
  }
}
