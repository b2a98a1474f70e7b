package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.auth.AuthDecision;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a publish passes before it reaches the stream registry: the authorizer (denied:
 * {@value #STATUS_UNAUTHORIZED}), then the server-wide publisher limit (full:
 * {@value #STATUS_FAILED}). Counts a publisher until its {@code onUnpublish}. When the takeover
 * policy lets an authorised publish replace the live publisher of its name, that publisher's
 * connection is closed and its unpublish awaited before the new one goes on.
 */
final class PublishGate implements PublishHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PublishGate.class);
  /** How long a takeover waits for the replaced publisher's unpublish. */
  private static final long TAKEOVER_WAIT_MS = 5_000;

  /** onStatus code of a publish the authorizer denied. */
  static final String STATUS_UNAUTHORIZED = "NetStream.Publish.Unauthorized";
  /** onStatus code of a publish refused because the server is full. */
  static final String STATUS_FAILED = "NetStream.Publish.Failed";

  private final PublishAuthorizer authorizer;
  private final PublishHandler next;
  private final int maxPublishers;
  private final AtomicInteger publishers = new AtomicInteger();
  private final TakeoverPolicy takeover;
  private final Consumer<String> disconnect;
  /** The live publishes by "app/stream": their connection and their unpublish. */
  private final Map<String, Active> active = new ConcurrentHashMap<>();

  private record Active(String connectionId, CountDownLatch ended) {}

  PublishGate(PublishAuthorizer authorizer, int maxPublishers, PublishHandler next) {
    this(authorizer, maxPublishers, next, TakeoverPolicy.NEVER, id -> { });
  }

  /** {@code disconnect} closes the connection of the given id (for takeovers). */
  PublishGate(PublishAuthorizer authorizer, int maxPublishers, PublishHandler next,
      TakeoverPolicy takeover, Consumer<String> disconnect) {
    this.authorizer = authorizer;
    this.maxPublishers = maxPublishers;
    this.next = next;
    this.takeover = takeover;
    this.disconnect = disconnect;
  }

  /** Publishers now counted against the limit. */
  int publisherCount() {
    return publishers.get();
  }

  @Override
  public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
    AuthDecision decision = authorizer.authorize(request);
    if (!decision.allowed()) {
      throw new PublishRejectedException(STATUS_UNAUTHORIZED, decision.reason());
    }
    String name = request.app() + "/" + request.stream();
    Active previous = active.get(name);
    if (previous != null && takeover.mayTakeOver(request)) {
      LOG.warn("publish taken over: {} by {} from {}; disconnecting {}", name,
          request.connectionId(), request.remote(), previous.connectionId());
      disconnect.accept(previous.connectionId());
      try {
        if (!previous.ended().await(TAKEOVER_WAIT_MS, TimeUnit.MILLISECONDS)) {
          throw new PublishRejectedException(STATUS_FAILED, "the publisher of " + name
              + " did not stop within " + TAKEOVER_WAIT_MS + " ms");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishRejectedException(STATUS_FAILED, "interrupted during takeover");
      }
    }
    if (publishers.incrementAndGet() > maxPublishers) {
      publishers.decrementAndGet();
      throw new PublishRejectedException(STATUS_FAILED, "server has its maximum of "
          + maxPublishers + " publishers");
    }
    StreamPublisher inner;
    try {
      inner = next.onPublish(request);
    } catch (PublishRejectedException | RuntimeException e) {
      publishers.decrementAndGet();
      throw e;
    }
    Active mine = new Active(request.connectionId(), new CountDownLatch(1));
    active.put(name, mine);
    return new StreamPublisher() {
      @Override
      public void onTag(FlvTag tag) throws MalformedMediaException {
        inner.onTag(tag);
      }

      @Override
      public void onUnpublish(boolean clean) {
        publishers.decrementAndGet();
        try {
          inner.onUnpublish(clean);
        } finally {
          active.remove(name, mine);
          mine.ended().countDown();
        }
      }
    };
  }
}
