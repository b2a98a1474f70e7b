package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRequest;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.storage.FileSegmentStore;
import io.undertow.server.HttpHandler;
import io.undertow.util.StatusCodes;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording, VOD and retention, wired in one place: a {@link StreamObserver.Factory} that gives
 * each stream the {@link RecordPolicy} selects a {@link Recorder}, the {@code /vod} and {@code
 * /api/recordings} handlers, and a retention pass at start and every minute. When the recordings
 * directory cannot be opened, recording is off (one ERROR line, the failure metric) and the
 * origin runs on: live streaming never depends on the disk.
 */
public final class Recordings implements StreamObserver.Factory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
  private static final long RETENTION_PERIOD_SECONDS = 60;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final RecordingSettings settings;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final ConcurrentHashMap<RecordingId, Recorder> active = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retention;
  private final ThreadLocal<PublishRequest> publishing = new ThreadLocal<>();
  private final MediaFolder mediaFolder;
  /** Gives each new recording the place its files are copied to besides the disk. */
  private volatile RecordingSink.Factory sinks = id -> RecordingSink.NONE;
  /** The recordings directory once opened: at start when configured, else on first need. */
  private volatile Opened opened;
  private volatile boolean openFailed;

  /** The open recordings directory. */
  private record Opened(FileSegmentStore store, RecordingCatalog catalog) {}

  private Recordings(RecordingSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recordings-retention");
      t.setDaemon(true);
      return t;
    });
    this.mediaFolder = new MediaFolder(settings.dataDir(), clock, json,
        settings.mediaCacheMaxBytes());
  }

  /**
   * Opens the recordings directory when recording is configured or recordings exist, and
   * schedules retention. Never throws for disk trouble.
   */
  public static Recordings start(RecordingSettings settings, Clock clock) {
    Recordings r = new Recordings(settings, clock);
    r.retention.scheduleWithFixedDelay(r.mediaFolder::prune, RETENTION_PERIOD_SECONDS,
        RETENTION_PERIOD_SECONDS, TimeUnit.SECONDS);
    if (settings.policy().recordsAnything() || Files.isDirectory(settings.recordingsDir())) {
      r.open();
    }
    return r;
  }

  /** Opens the directory once; null (after one ERROR line and the metric) when it cannot. */
  private synchronized Opened open() {
    if (opened != null || openFailed) {
      return opened;
    }
    try {
      FileSegmentStore store = new FileSegmentStore(settings.recordingsDir(),
          settings.durability());
      opened = new Opened(store, new RecordingCatalog(store, json, active::containsKey));
      retention.scheduleWithFixedDelay(this::applyRetention, 0, RETENTION_PERIOD_SECONDS,
          TimeUnit.SECONDS);
      LOG.info("recordings dir={} policy={} maxAge={} maxSizeBytes={}", store.root(),
          settings.policy(), settings.maxAge(), settings.maxSizeBytes());
    } catch (UncheckedIOException e) {
      openFailed = true;
      metrics.failed();
      LOG.error("recordings unavailable dir={} reason={}; live streaming continues without "
          + "recording", settings.recordingsDir(), e.getCause().toString());
    }
    return opened;
  }

  /**
   * Copies the files of every recording started from now on to the sink {@code sinks} opens
   * for it as well (an ingest node of a cluster: the object store).
   */
  public void mirrorTo(RecordingSink.Factory sinks) {
    this.sinks = sinks;
  }

  /**
   * Wraps the publish handler the RTMP server calls so that a publisher's {@code record} or
   * {@code append} publish type also records its stream: the request is visible to {@link
   * #create} while {@code next} creates the stream on the same thread. A publisher that
   * reconnects to a stream still in its grace period keeps the stream's first decision.
   */
  public PublishHandler publishHandler(PublishHandler next) {
    return request -> {
      publishing.set(request);
      try {
        return next.onPublish(request);
      } finally {
        publishing.remove();
      }
    };
  }

  @Override
  public StreamObserver create(LiveStream stream) {
    PublishRequest request = publishing.get();
    boolean asked = request != null && request.asksForRecording()
        && request.app().equals(stream.app()) && request.stream().equals(stream.name());
    if (!asked && !settings.policy().records(stream.app(), stream.name())) {
      return StreamObserver.NONE;
    }
    Opened dir = open();
    if (dir == null) {
      return StreamObserver.NONE;
    }
    FileSegmentStore store = dir.store();
    RecordingId id = new RecordingId(stream.app(), stream.name(), stream.epoch());
    Recorder[] self = new Recorder[1];
    Recorder recorder = new Recorder(store, stream.app(), stream.name(), stream.epoch(), settings,
        json, clock, metrics, () -> {
          active.remove(id, self[0]);
          metrics.finished();
        }, stream::isEnded, sinks.open(id));
    self[0] = recorder;
    active.put(id, recorder);
    metrics.started();
    LOG.info("recording started app={} stream={} epoch={} dir={}", id.app(), id.stream(),
        id.epoch(), store.root().resolve(id.streamKey()).resolve(id.epoch()));
    Optional<java.time.Duration> timeShift = settings.liveTimeShift(stream.app());
    if (timeShift.isPresent()) {
      // DVR on the live URLs: the playlists list the window, older segments come from here.
      return new TimeShiftRecorder(recorder, timeShift.get());
    }
    return recorder;
  }

  /**
   * The {@code /vod} handler (mount it as a prefix path): recordings, and the FLV files of
   * {@code DATADIR/media/} packaged on demand.
   */
  public HttpHandler vodHandler() {
    HttpHandler recorded = exchange -> {
      Opened dir = opened;
      if (dir == null) {
        unavailable(exchange);
        return;
      }
      new VodHandler(dir.store(), dir.catalog(), active::containsKey, settings::dvrWindow,
          this::activeOf).handleRequest(exchange);
    };
    return new MediaFolderHandler(mediaFolder, recorded);
  }

  /** The {@code /api/recordings} handler (mount it as a prefix path). */
  public HttpHandler apiHandler() {
    return exchange -> {
      Opened dir = opened;
      String rest = exchange.getRelativePath();
      if (dir == null && !openFailed && !rest.isEmpty() && !rest.equals("/")) {
        // No recording exists yet, so no recording's path does either.
        HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND,
            "no such recording\n");
        return;
      }
      if (dir == null && !openFailed) {
        HttpReplies.json(exchange, StatusCodes.OK,
            "{\"recordings\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return;
      }
      if (dir == null) {
        unavailable(exchange);
        return;
      }
      new RecordingsApi(dir.catalog(), metrics, json).handleRequest(exchange);
    };
  }

  /** The recording being written of {@code app/stream}, if any. */
  private Optional<RecordingId> activeOf(String app, String stream) {
    return active.keySet().stream()
        .filter(id -> id.app().equals(app) && id.stream().equals(stream)).findFirst();
  }

  public RecordingMetrics metrics() {
    return metrics;
  }

  /**
   * Prunes the cache of packaged media files now (it also runs every minute): versions of
   * replaced or deleted files and, above {@code recordings.mediaCache.maxSize}, the least
   * recently used.
   */
  public void pruneMediaCache() {
    mediaFolder.prune();
  }

  /** The catalogue, or null while the recordings directory is not open. */
  public RecordingCatalog catalog() {
    Opened dir = opened;
    return dir == null ? null : dir.catalog();
  }

  /**
   * Deletes what the retention settings say is expired; never a recording being written. One
   * pass at a time: the scheduled pass and one asked for directly must not both weigh and delete
   * the same recordings.
   */
  public synchronized void applyRetention() {
    try {
      Retention rules = new Retention(settings.maxAge(), settings.maxSizeBytes());
      RecordingCatalog catalog = catalog();
      List<RecordingId> doomed = rules.expired(catalog.list(), clock.instant());
      for (RecordingId id : doomed) {
        if (catalog.delete(id) == RecordingCatalog.Deletion.DELETED) {
          metrics.deletedByRetention();
          LOG.info("recording expired by retention app={} stream={} epoch={}", id.app(),
              id.stream(), id.epoch());
        }
      }
    } catch (RuntimeException e) {
      LOG.error("recording retention failed: {}", e.toString());
    }
  }

  /** 503 when the recordings directory could not be opened, else 404: nothing was recorded. */
  private void unavailable(io.undertow.server.HttpServerExchange exchange) {
    if (openFailed) {
      HttpReplies.text(exchange, StatusCodes.SERVICE_UNAVAILABLE, "no-store",
          "recordings are unavailable: the data directory could not be opened\n");
      return;
    }
    HttpReplies.text(exchange, StatusCodes.NOT_FOUND, "public, max-age=1",
        "no recordings: nothing has been recorded\n");
  }

  /** Stops retention and waits briefly for recordings to write what their streams produced. */
  @Override
  public void close() {
    retention.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    for (Recorder r : List.copyOf(active.values())) {
      r.nudge();
    }
    for (Recorder r : List.copyOf(active.values())) {
      try {
        long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!r.awaitFinished(left)) {
          LOG.warn("recording not finished at shutdown epoch={}", r.epoch());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
