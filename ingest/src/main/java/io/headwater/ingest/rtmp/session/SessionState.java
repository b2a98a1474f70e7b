package io.headwater.ingest.rtmp.session;

/** Where a publishing client's command flow stands. */
public enum SessionState {
  /** Handshake done, waiting for {@code connect}. */
  AWAIT_CONNECT,
  /** {@code connect} answered; releaseStream, FCPublish, createStream and publish may follow. */
  CONNECTED,
  /** {@code publish} accepted; audio, video and data messages go to the publisher. */
  PUBLISHING,
  /** The session is over (publish refused); the connection should be closed. */
  CLOSED
}
