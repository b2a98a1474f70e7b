package io.headwater.ingest.rtmp.session;

import io.headwater.ingest.rtmp.message.RtmpMessage;

/** Where a session's replies go; the connection encodes them into chunks. */
@FunctionalInterface
public interface MessageSender {
  /** Queues {@code message} on chunk stream {@code chunkStreamId} with timestamp 0. */
  void send(int chunkStreamId, RtmpMessage message);
}
