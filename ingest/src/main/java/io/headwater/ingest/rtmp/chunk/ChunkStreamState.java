package io.headwater.ingest.rtmp.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the decoder remembers about one chunk stream: the fields of the last message header
 * (which fmt 1-3 headers inherit, RTMP 1.0 section 5.3.1.2) and the message being reassembled.
 * Mutable, owned by one {@link ChunkDecoder}.
 */
final class ChunkStreamState {
  private static final int INITIAL_PAYLOAD_BYTES = 64 * 1024;

  private boolean hasHeader;
  private long timestamp;
  private long timestampDelta;
  private boolean extendedTimestamp;
  private long extendedValue;
  private int messageLength;
  private int typeId;
  private int messageStreamId;

  private byte[] payload;
  private int filled;

  boolean hasHeader() {
    return hasHeader;
  }

  boolean messageInProgress() {
    return payload != null;
  }

  /**
   * The fmt-3 extended-timestamp rule, in one place: a fmt 3 chunk carries the 4-byte extended
   * timestamp exactly when the last fmt 0, 1 or 2 header of its chunk stream did (its 3-byte
   * field was 0xFFFFFF). This holds both for fmt 3 chunks that continue a message and for fmt 3
   * chunks that start a new one; ffmpeg writes it so, and section 5.3.1.3 implies it, while
   * Red5 documents the clients that forgot it on continuation chunks.
   */
  boolean fmt3CarriesExtendedTimestamp() {
    return extendedTimestamp;
  }

  /** The 4-byte extended timestamp field of the last fmt 0, 1 or 2 header that had one. */
  long extendedTimestampValue() {
    return extendedValue;
  }

  /** Applies a header that starts a new message; returns the message length. */
  int startMessage(ChunkHeader header) {
    if (header.fmt() <= 2 && header.hasExtendedTimestamp()) {
      extendedValue = header.timestamp();
    }
    switch (header.fmt()) {
      case 0 -> {
        timestamp = header.timestamp();
        // 5.3.1.2.4: a fmt 3 chunk after a fmt 0 chunk uses the fmt 0 timestamp as its delta.
        timestampDelta = header.timestamp();
        messageLength = header.messageLength();
        typeId = header.messageTypeId();
        messageStreamId = header.messageStreamId();
        extendedTimestamp = header.hasExtendedTimestamp();
      }
      case 1 -> {
        timestampDelta = header.timestamp();
        timestamp = (timestamp + timestampDelta) & 0xFFFF_FFFFL;
        messageLength = header.messageLength();
        typeId = header.messageTypeId();
        extendedTimestamp = header.hasExtendedTimestamp();
      }
      case 2 -> {
        timestampDelta = header.timestamp();
        timestamp = (timestamp + timestampDelta) & 0xFFFF_FFFFL;
        extendedTimestamp = header.hasExtendedTimestamp();
      }
      default -> timestamp = (timestamp + timestampDelta) & 0xFFFF_FFFFL;
    }
    hasHeader = true;
    return messageLength;
  }

  int messageLength() {
    return messageLength;
  }

  int bytesFilled() {
    return filled;
  }

  /** Opens the payload buffer; grows as chunks arrive, so a declared length is not allocated up front. */
  void openPayload() {
    payload = new byte[Math.min(messageLength, INITIAL_PAYLOAD_BYTES)];
    filled = 0;
  }

  /**
   * Copies the next {@code length} payload bytes out of the read buffer: the one copy a media
   * payload makes on its way to a sample. The buffer grows fourfold, so a keyframe of a few
   * hundred kB is copied again at most once, and never beyond four times what has arrived.
   */
  void append(ByteBuffer src, int length) {
    if (filled + length > payload.length) {
      payload = Arrays.copyOf(payload, Math.min(messageLength,
          Math.max(payload.length * 4, filled + length)));
    }
    src.get(payload, filled, length);
    filled += length;
  }

  boolean messageComplete() {
    return filled == messageLength;
  }

  /** Hands out the finished message and resets the reassembly buffer. */
  RawMessage finishMessage(int chunkStreamId) {
    byte[] body = payload.length == messageLength ? payload : Arrays.copyOf(payload, filled);
    payload = null;
    filled = 0;
    return new RawMessage(chunkStreamId, typeId, timestamp, messageStreamId, body);
  }

  /** Drops a partly received message (Abort Message, section 5.4.2). */
  void abortMessage() {
    payload = null;
    filled = 0;
  }
}
