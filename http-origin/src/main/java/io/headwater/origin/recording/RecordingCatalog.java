package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.storage.FileSegmentStore;
import io.headwater.storage.SegmentKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings on disk: every {@code APP/STREAM/EPOCH/manifest.json} under the recordings
 * directory, whether written by this process or before a restart (a recording interrupted by a
 * crash is listed as far as its manifest goes). Manifests are parsed once per modification and
 * bounded in size before they are read. A directory without a manifest (a stream that ended
 * before its first segment) is not a recording.
 */
public final class RecordingCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingCatalog.class);
  /** A manifest lists about 200 bytes per segment: 32 MiB is days of 2 s segments. */
  static final long MAX_MANIFEST_BYTES = 32L << 20;

  private record Cached(FileTime modified, long size, RecordingManifest manifest) {}

  private final FileSegmentStore store;
  private final ObjectMapper json;
  private final Predicate<RecordingId> active;
  private final ConcurrentHashMap<RecordingId, Cached> cache = new ConcurrentHashMap<>();
  private final Set<Path> reportedDamaged = ConcurrentHashMap.newKeySet();

  RecordingCatalog(FileSegmentStore store, ObjectMapper json, Predicate<RecordingId> active) {
    this.store = store;
    this.json = json;
    this.active = active;
  }

  /** The directory the catalogue reads. */
  Path root() {
    return store.root();
  }

  /** Every recording, oldest start first. */
  public List<RecordingInfo> list() {
    List<RecordingInfo> out = new ArrayList<>();
    Path root = store.root();
    for (Path appDir : children(root)) {
      for (Path streamDir : children(appDir)) {
        for (Path epochDir : children(streamDir)) {
          RecordingId id;
          try {
            id = new RecordingId(appDir.getFileName().toString(),
                streamDir.getFileName().toString(), epochDir.getFileName().toString());
          } catch (IllegalArgumentException e) {
            continue; // not a directory the recorder made
          }
          manifest(id).ifPresent(m -> out.add(new RecordingInfo(id, m, sizeOf(id),
              active.test(id))));
        }
      }
    }
    out.sort(Comparator.comparingLong((RecordingInfo r) -> r.manifest().startedMillis())
        .thenComparing(r -> r.id().toString()));
    return out;
  }

  /** The manifest of {@code id}, or empty when there is none (or it is damaged: logged once). */
  public Optional<RecordingManifest> manifest(RecordingId id) {
    Path file = store.pathOf(new SegmentKey(id.streamKey(), id.epoch() + "/" + Recorder.MANIFEST));
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Cached cached = cache.get(id);
      if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
        return Optional.of(cached.manifest());
      }
      if (size > MAX_MANIFEST_BYTES) {
        throw new IOException(size + " bytes, over the limit of " + MAX_MANIFEST_BYTES);
      }
      RecordingManifest m = json.readValue(Files.readAllBytes(file), RecordingManifest.class);
      if (m.segments().isEmpty()) {
        return Optional.empty();
      }
      cache.put(id, new Cached(modified, size, m));
      return Optional.of(m);
    } catch (NoSuchFileException e) {
      cache.remove(id);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (reportedDamaged.add(file)) {
        LOG.warn("recording manifest unreadable path={}: {}", file, e.toString());
      }
      return Optional.empty();
    }
  }

  /** Bytes of every file of the recording. */
  public long sizeOf(RecordingId id) {
    long sum = 0;
    for (String name : store.list(id.streamKey(), id.epoch() + "/")) {
      sum += store.size(new SegmentKey(id.streamKey(), name)).orElse(0L);
    }
    return sum;
  }

  /** What {@link #delete} did. */
  public enum Deletion { DELETED, NOT_FOUND, ACTIVE }

  /** Deletes every file of {@code id}, unless it is being written. */
  public Deletion delete(RecordingId id) {
    if (active.test(id)) {
      return Deletion.ACTIVE;
    }
    List<String> names = store.list(id.streamKey(), id.epoch() + "/");
    if (names.isEmpty()) {
      return Deletion.NOT_FOUND;
    }
    // The manifest goes first: a crash midway leaves files without a listing, not a listing
    // of missing files.
    String manifest = id.epoch() + "/" + Recorder.MANIFEST;
    store.remove(new SegmentKey(id.streamKey(), manifest));
    for (String name : names) {
      store.remove(new SegmentKey(id.streamKey(), name));
    }
    cache.remove(id);
    LOG.info("recording deleted app={} stream={} epoch={} files={}", id.app(), id.stream(),
        id.epoch(), names.size());
    return Deletion.DELETED;
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }
}
