package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;

/**
 * Decides whether a publish may start, from its app, stream, query parameters and client
 * address (like nginx-rtmp's {@code on_publish}). Called on the publishing connection's thread
 * before the stream is created; may block (an HTTP callback does, up to its timeout).
 */
@FunctionalInterface
public interface PublishAuthorizer {
  /** Lets every publish through: the default when nothing is configured. */
  PublishAuthorizer ALLOW_ALL = request -> AuthDecision.allow();

  /** The decision for {@code request}; never null. */
  AuthDecision authorize(PublishRequest request);
}
