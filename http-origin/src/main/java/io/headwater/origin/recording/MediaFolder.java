package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.storage.Durability;
import io.headwater.storage.FileSegmentStore;
import io.headwater.storage.InMemorySegmentStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-demand VOD of FLV and MP4 files dropped into {@code DATADIR/media/}, like nginx-vod-module: no
 * pre-processing step. The first request for a file's version packages it through the same
 * pipeline a live stream takes (FLV demux, segmenter, CMAF muxer) into {@code
 * DATADIR/cache/vod/files/NAME.flv/VERSION/}, in the recording layout, and later requests are
 * served from there. VERSION derives from the file's size and modification time, so a replaced
 * file gets new URLs and a URL never changes content. The cache is pruned by a {@link
 * MediaCachePruner} after each packaging and when {@link #prune} is called.
 */
final class MediaFolder {
  private static final Logger LOG = LoggerFactory.getLogger(MediaFolder.class);
  /** The store's "app" of packaged files. */
  static final String APP = "files";
  private static final StreamSettings PACKAGING = new StreamSettings(Duration.ofSeconds(2), 3,
      Duration.ZERO, Duration.ZERO);
  private static final long PACKAGING_TIMEOUT_SECONDS = 300;

  private final Path mediaDir;
  private final Path cacheDir;
  private final Clock clock;
  private final ObjectMapper json;
  private final ConcurrentHashMap<RecordingId, Object> packaging = new ConcurrentHashMap<>();
  private final Set<RecordingId> packingNow = ConcurrentHashMap.newKeySet();
  private final MediaCachePruner pruner;
  private volatile FileSegmentStore cache;
  private volatile RecordingCatalog catalog;

  /**
   * @param cacheMaxBytes the bound of the packaged copies; zero for none
   */
  MediaFolder(Path dataDir, Clock clock, ObjectMapper json, long cacheMaxBytes) {
    this.mediaDir = dataDir.resolve("media");
    this.cacheDir = dataDir.resolve("cache").resolve("vod");
    this.clock = clock;
    this.json = json;
    this.pruner = new MediaCachePruner(clock, cacheMaxBytes);
  }

  /** Why a file cannot be served. */
  static final class UnplayableException extends Exception {
    UnplayableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The current version of {@code name} ({@code NAME.flv} or {@code NAME.mp4}), packaged now
   * unless it already is.
   *
   * @return empty when there is no such file
   * @throws UnplayableException when the file is not a playable H.264/AAC FLV
   */
  Optional<RecordingId> current(String name) throws UnplayableException {
    Path file = mediaDir.resolve(name);
    String version;
    try {
      version = version(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UnplayableException("cannot read " + name + ": " + e.getMessage(), e);
    }
    RecordingId id = new RecordingId(APP, name, version);
    pruner.used(id);
    if (packaged(id)) {
      return Optional.of(id);
    }
    // One packaging per version; concurrent requests wait for it.
    synchronized (packaging.computeIfAbsent(id, k -> new Object())) {
      if (!packaged(id)) {
        packingNow.add(id);
        try {
          pack(file, id);
        } finally {
          packingNow.remove(id);
        }
        prune(); // the cache grew
      }
    }
    return Optional.of(id);
  }

  /** The version of a media file: from its size and modification time. */
  private static String version(Path file) throws IOException {
    long size = Files.size(file);
    long modified = Files.getLastModifiedTime(file).toMillis();
    return Long.toString((modified * 1_000_003L + size) & Long.MAX_VALUE, 36);
  }

  /** The version {@code name} has now; empty when the file is gone or unreadable. */
  private Optional<String> currentVersion(String name) {
    try {
      return Optional.of(version(mediaDir.resolve(name)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Notes a request for a packaged version, which keeps it in the cache a while longer. */
  void used(RecordingId id) {
    pruner.used(id);
  }

  /**
   * Deletes cached versions of replaced or deleted files, interrupted packagings, and the least
   * recently used versions above the size bound; never one fetched within the last minute.
   */
  List<MediaCachePruner.Deleted> prune() {
    if (!Files.isDirectory(cacheDir)) {
      return List.of();
    }
    try {
      return pruner.prune(catalog(), this::currentVersion, packingNow::contains);
    } catch (RuntimeException e) {
      LOG.error("media cache pruning failed dir={}: {}", cacheDir, e.toString());
      return List.of();
    }
  }

  /** The cache's store and catalogue, opened on first use. */
  synchronized RecordingCatalog catalog() {
    if (catalog == null) {
      cache = new FileSegmentStore(cacheDir, Durability.NONE);
      catalog = new RecordingCatalog(cache, json, id -> false);
    }
    return catalog;
  }

  FileSegmentStore store() {
    catalog();
    return cache;
  }

  /** Only a manifest that says the packaging ended counts; an interrupted one is redone. */
  private boolean packaged(RecordingId id) {
    return catalog().manifest(id).map(RecordingManifest::ended).orElse(false);
  }

  private void pack(Path file, RecordingId id) throws UnplayableException {
    long startNanos = System.nanoTime();
    FileSegmentStore store = store();
    catalog().delete(id); // the remains of an interrupted packaging, if any
    RecordingMetrics unused = new RecordingMetrics();
    LiveStream[] stream = new LiveStream[1];
    Recorder recorder = new Recorder(store, APP, id.stream(), id.epoch(),
        RecordingSettings.OFF.withDurability(Durability.NONE), json, clock, unused, () -> { },
        () -> stream[0] != null && stream[0].isEnded());
    stream[0] = new LiveStream(APP, id.stream(), id.epoch(), PACKAGING,
        new InMemorySegmentStore(clock), clock, s -> recorder);
    try {
      if (id.stream().endsWith(".mp4")) {
        Mp4Demuxer.demux(file, stream[0].attachPublisher());
      } else {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          new FlvDemuxer(stream[0].attachPublisher()).demuxAll(new FlvReader(in));
        }
      }
    } catch (IOException | MalformedMediaException | RuntimeException e) {
      stream[0].end();
      stream[0].release();
      LOG.warn("media file not playable file={}: {}", file, e.toString());
      throw new UnplayableException(id.stream() + " is not a playable H.264/AAC file: "
          + e.getMessage(), e);
    }
    stream[0].end();
    stream[0].release();
    try {
      if (!recorder.awaitFinished(TimeUnit.SECONDS.toMillis(PACKAGING_TIMEOUT_SECONDS))) {
        throw new UnplayableException("packaging " + id.stream() + " did not finish", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnplayableException("packaging " + id.stream() + " was interrupted", e);
    }
    if (!packaged(id)) {
      throw new UnplayableException(id.stream() + " has no H.264/AAC media to package", null);
    }
    LOG.info("media file packaged file={} version={} segments={} ms={}", file, id.epoch(),
        catalog().manifest(id).map(m -> m.segments().size()).orElse(0),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }
}
