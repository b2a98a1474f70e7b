package io.headwater.ingest;

import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;

/** Receives one publish's tags, on the publishing connection's thread. */
public interface StreamPublisher {
  /** Throwing MalformedMediaException ends this connection (logged), nothing else. */
  void onTag(FlvTag tag) throws MalformedMediaException;

  /** The publish ended: clean (FCUnpublish/deleteStream) or not (socket closed, error). Called once. */
  void onUnpublish(boolean clean);
}
