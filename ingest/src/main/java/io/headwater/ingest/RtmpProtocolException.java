package io.headwater.ingest;

/**
 * An RTMP peer broke the protocol (handshake, chunk stream or command flow); the message names
 * the field and, where known, the byte offset. The connection that raised it is closed.
 */
public class RtmpProtocolException extends Exception {
  public RtmpProtocolException(String message) {
    super(message);
  }

  public RtmpProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
