package io.headwater.origin.ops;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PublishHandler} in front of the stream registry that measures every publish
 * ({@link IngestStats}) and counts refused publishes, without touching the pipeline.
 */
public final class IngestTracker implements PublishHandler {
  private static final Logger log = LoggerFactory.getLogger(IngestTracker.class);

  private final PublishHandler next;
  private final Clock clock;
  private final ConcurrentHashMap<String, IngestStats> stats = new ConcurrentHashMap<>();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong publishes = new AtomicLong();

  public IngestTracker(PublishHandler next, Clock clock) {
    this.next = next;
    this.clock = clock;
  }

  @Override
  public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
    StreamPublisher target;
    try {
      target = next.onPublish(request);
    } catch (PublishRejectedException e) {
      rejected.incrementAndGet();
      throw e;
    }
    publishes.incrementAndGet();
    String path = request.app() + "/" + request.stream();
    IngestStats s = stats.computeIfAbsent(path, p -> new IngestStats(clock));
    String remote = request.remote() == null ? "" : request.remote().getAddress().getHostAddress()
        + ":" + request.remote().getPort();
    s.onPublish(remote, clock.instant());
    long started = clock.millis();
    return new StreamPublisher() {
      private long bytes;

      @Override
      public void onTag(FlvTag tag) throws MalformedMediaException {
        bytes += tag.body().length;
        s.onTag(tag);
        target.onTag(tag);
      }

      @Override
      public void onUnpublish(boolean clean) {
        log.info("publish end app={} stream={} clean={} duration={}s bytes={}", request.app(),
            request.stream(), clean, (clock.millis() - started) / 1000, bytes);
        target.onUnpublish(clean);
      }
    };
  }

  /** The measurements of "app/stream", or null if it never published here. */
  public IngestStats stats(String path) {
    return stats.get(path);
  }

  /** Forgets streams the registry no longer has. */
  public void retainOnly(java.util.Set<String> paths) {
    stats.keySet().retainAll(paths);
  }

  /** Publishes refused (bad name, name in use, ...). */
  public long rejected() {
    return rejected.get();
  }

  /** Publishes accepted. */
  public long publishes() {
    return publishes.get();
  }
}
