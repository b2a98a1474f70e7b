package io.headwater.ingest.server;

import io.headwater.ingest.PublishRequest;

/**
 * Whether an authorised publish to a stream name that is live replaces the publisher there (the
 * old connection is closed) rather than being refused with {@code NetStream.Publish.BadName}.
 */
@FunctionalInterface
public interface TakeoverPolicy {
  /** Never: a second publisher to a live name is refused (the default). */
  TakeoverPolicy NEVER = request -> false;

  /** Whether {@code request}, already authorised, may take over its stream name. */
  boolean mayTakeOver(PublishRequest request);
}
