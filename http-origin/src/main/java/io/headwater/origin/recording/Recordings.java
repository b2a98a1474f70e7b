package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
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
  private final FileSegmentStore store;
  private final RecordingCatalog catalog;
  private final ScheduledExecutorService retention;
  private final boolean openFailed;

  private Recordings(RecordingSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    FileSegmentStore opened = null;
    // Without recording configured, a directory is opened only when earlier recordings exist.
    boolean wanted = settings.policy().recordsAnything()
        || Files.isDirectory(settings.recordingsDir());
    boolean failed = false;
    if (wanted) {
      try {
        opened = new FileSegmentStore(settings.recordingsDir(), settings.durability());
      } catch (UncheckedIOException e) {
        failed = true;
        metrics.failed();
        LOG.error("recordings unavailable dir={} reason={}; live streaming continues without "
            + "recording", settings.recordingsDir(), e.getCause().toString());
      }
    }
    this.store = opened;
    this.openFailed = failed;
    this.catalog = store == null ? null
        : new RecordingCatalog(store, json, active::containsKey);
    this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recordings-retention");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens the recordings directory and schedules retention. Never throws for disk trouble. */
  public static Recordings start(RecordingSettings settings, Clock clock) {
    Recordings r = new Recordings(settings, clock);
    if (r.store != null) {
      r.retention.scheduleWithFixedDelay(r::applyRetention, 0, RETENTION_PERIOD_SECONDS,
          TimeUnit.SECONDS);
      LOG.info("recordings dir={} policy={} maxAge={} maxSizeBytes={}",
          r.store.root(), settings.policy(), settings.maxAge(), settings.maxSizeBytes());
    }
    return r;
  }

  @Override
  public StreamObserver create(LiveStream stream) {
    if (store == null || !settings.policy().records(stream.app(), stream.name())) {
      return StreamObserver.NONE;
    }
    RecordingId id = new RecordingId(stream.app(), stream.name(), stream.epoch());
    Recorder[] self = new Recorder[1];
    Recorder recorder = new Recorder(store, stream.app(), stream.name(), stream.epoch(), settings,
        json, clock, metrics, () -> {
          active.remove(id, self[0]);
          metrics.finished();
        }, stream::isEnded);
    self[0] = recorder;
    active.put(id, recorder);
    metrics.started();
    LOG.info("recording started app={} stream={} epoch={} dir={}", id.app(), id.stream(),
        id.epoch(), store.root().resolve(id.streamKey()).resolve(id.epoch()));
    return recorder;
  }

  /**
   * The {@code /vod} handler (mount it as a prefix path): recordings, and the FLV files of
   * {@code DATADIR/media/} packaged on demand.
   */
  public HttpHandler vodHandler() {
    HttpHandler recorded = catalog == null ? unavailable()
        : new VodHandler(store, catalog, active::containsKey, settings::dvrWindow,
            this::activeOf);
    return new MediaFolderHandler(new MediaFolder(settings.dataDir(), clock, json), recorded);
  }

  /** The {@code /api/recordings} handler (mount it as a prefix path). */
  public HttpHandler apiHandler() {
    if (catalog == null && !openFailed) {
      return exchange -> HttpReplies.json(exchange, StatusCodes.OK,
          "{\"recordings\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return catalog == null ? unavailable() : new RecordingsApi(catalog, metrics, json);
  }

  /** The recording being written of {@code app/stream}, if any. */
  private Optional<RecordingId> activeOf(String app, String stream) {
    return active.keySet().stream()
        .filter(id -> id.app().equals(app) && id.stream().equals(stream)).findFirst();
  }

  public RecordingMetrics metrics() {
    return metrics;
  }

  /** The catalogue, or null when the recordings directory could not be opened. */
  public RecordingCatalog catalog() {
    return catalog;
  }

  /** Deletes what the retention settings say is expired; never a recording being written. */
  public void applyRetention() {
    try {
      Retention rules = new Retention(settings.maxAge(), settings.maxSizeBytes());
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
  private HttpHandler unavailable() {
    if (openFailed) {
      return exchange -> HttpReplies.text(exchange, StatusCodes.SERVICE_UNAVAILABLE, "no-store",
          "recordings are unavailable: the data directory could not be opened\n");
    }
    return exchange -> HttpReplies.text(exchange, StatusCodes.NOT_FOUND, "public, max-age=1",
        "no recordings: recording is not configured\n");
  }

  /** Stops retention and waits briefly for recordings to write what their streams produced. */
  @Override
  public void close() {
    retention.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
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
