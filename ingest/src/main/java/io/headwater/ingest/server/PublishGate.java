package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.auth.AuthDecision;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a publish passes before it reaches the stream registry: the authorizer (denied:
 * {@value #STATUS_UNAUTHORIZED}), then the server-wide publisher limit (full:
 * {@value #STATUS_FAILED}). Counts a publisher until its {@code onUnpublish}.
 */
final class PublishGate implements PublishHandler {
  /** onStatus code of a publish the authorizer denied. */
  static final String STATUS_UNAUTHORIZED = "NetStream.Publish.Unauthorized";
  /** onStatus code of a publish refused because the server is full. */
  static final String STATUS_FAILED = "NetStream.Publish.Failed";

  private final PublishAuthorizer authorizer;
  private final PublishHandler next;
  private final int maxPublishers;
  private final AtomicInteger publishers = new AtomicInteger();

  PublishGate(PublishAuthorizer authorizer, int maxPublishers, PublishHandler next) {
    this.authorizer = authorizer;
    this.maxPublishers = maxPublishers;
    this.next = next;
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
    return new StreamPublisher() {
      @Override
      public void onTag(FlvTag tag) throws MalformedMediaException {
        inner.onTag(tag);
      }

      @Override
      public void onUnpublish(boolean clean) {
        publishers.decrementAndGet();
        inner.onUnpublish(clean);
      }
    };
  }
}
