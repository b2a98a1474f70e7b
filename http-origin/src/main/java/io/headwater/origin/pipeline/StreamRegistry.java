package io.headwater.origin.pipeline;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.storage.SegmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live streams of this origin by "app/stream": accepts publishes (one publisher per name),
 * runs the reconnect grace period, ends streams whose publisher did not come back, and releases
 * ended streams after their retention.
 */
public final class StreamRegistry implements PublishHandler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

  private final Function<String, StreamSettings> settingsByApp;
  private final SegmentStore store;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
  private long lastEpochMillis;
  private volatile StreamObserver.Factory observers = s -> StreamObserver.NONE;

  public StreamRegistry(Function<String, StreamSettings> settingsByApp, SegmentStore store,
      Clock clock, ScheduledExecutorService scheduler) {
    this.settingsByApp = settingsByApp;
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /**
   * Makes every stream created from now on show its stored objects to an observer from
   * {@code factory} (recordings); set while wiring the origin, before publishers arrive.
   */
  public void observeWith(StreamObserver.Factory factory) {
    this.observers = java.util.Objects.requireNonNull(factory, "factory");
  }

  /** The stream at "app/stream", live or ended but still retained, or null. */
  public LiveStream get(String app, String stream) {
    return streams.get(app + "/" + stream);
  }

  public Collection<LiveStream> streams() {
    return List.copyOf(streams.values());
  }

  @Override
  public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
    String path = request.app() + "/" + request.stream();
    LiveStream stream;
    synchronized (this) {
      LiveStream existing = streams.get(path);
      if (existing != null && existing.isPublishing()) {
        throw new PublishRejectedException("NetStream.Publish.BadName",
            "stream " + path + " is already being published");
      }
      cancelTimer(path);
      if (existing != null && !existing.isEnded()) {
        stream = existing;
        log.info("publisher reconnected app={} stream={} remote={}", request.app(),
            request.stream(), request.remote());
      } else {
        if (existing != null) {
          existing.release();
        }
        stream = new LiveStream(request.app(), request.stream(), newEpoch(),
            settingsByApp.apply(request.app()), store, clock, observers);
        streams.put(path, stream);
      }
    }
    FlvDemuxer demuxer = new FlvDemuxer(stream.attachPublisher());
    LiveStream target = stream;
    return new StreamPublisher() {
      @Override
      public void onTag(FlvTag tag) throws MalformedMediaException {
        target.countBytesIn(tag.body().length);
        demuxer.onTag(tag);
      }

      @Override
      public void onUnpublish(boolean clean) {
        target.detachPublisher();
        scheduleEnd(target);
      }
    };
  }

  private synchronized String newEpoch() {
    long now = Math.max(clock.millis(), lastEpochMillis + 1);
    lastEpochMillis = now;
    return Long.toString(now, 36);
  }

  private void scheduleEnd(LiveStream stream) {
    Duration grace = stream.settings().reconnectGrace();
    schedule(stream.path(), grace, () -> {
      synchronized (this) {
        if (streams.get(stream.path()) != stream || stream.isPublishing()) {
          return;
        }
        stream.end();
        scheduleRelease(stream);
      }
    });
  }

  private void scheduleRelease(LiveStream stream) {
    schedule(stream.path(), stream.settings().endedRetention(), () -> {
      synchronized (this) {
        if (streams.get(stream.path()) == stream && stream.isEnded()) {
          streams.remove(stream.path());
          stream.release();
          log.info("stream released app={} stream={}", stream.app(), stream.name());
        }
      }
    });
  }

  private void schedule(String path, Duration delay, Runnable task) {
    ScheduledFuture<?> f = scheduler.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("stream timer failed path={}", path, e);
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = timers.put(path, f);
    if (old != null) {
      old.cancel(false);
    }
  }

  private void cancelTimer(String path) {
    ScheduledFuture<?> f = timers.remove(path);
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Ends every stream now (graceful shutdown): players see EXT-X-ENDLIST. */
  @Override
  public synchronized void close() {
    List<LiveStream> all = new ArrayList<>(streams.values());
    for (LiveStream s : all) {
      cancelTimer(s.path());
      s.end();
    }
  }

  /** When the registry's clock says it is now (for uptime and ages). */
  public Instant now() {
    return clock.instant();
  }
}
