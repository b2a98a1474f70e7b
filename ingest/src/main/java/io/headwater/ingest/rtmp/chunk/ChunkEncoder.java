package io.headwater.ingest.rtmp.chunk;

import io.headwater.packager.io.ByteWriter;

/**
 * Splits our outgoing messages into chunks (RTMP 1.0 section 5.3.2): a fmt 0 header for the
 * first chunk of each message and fmt 3 headers for its continuation chunks, repeating the
 * extended timestamp in them as {@link ChunkStreamState#fmt3CarriesExtendedTimestamp} requires.
 * Writing a Set Chunk Size message switches the encoder to that size for the messages after it.
 * Not thread-safe.
 */
public final class ChunkEncoder {
  private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

  /** The outgoing chunk size now in effect. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Appends the chunks of {@code message} to {@code out}. */
  public void encode(RawMessage message, ByteWriter out) {
    byte[] payload = message.payload();
    new ChunkHeader(0, message.chunkStreamId(), message.timestamp(), payload.length,
        message.typeId(), message.messageStreamId()).write(out);
    long fmt3Timestamp = message.timestamp() >= ChunkHeader.EXTENDED_TIMESTAMP_MARKER
        ? message.timestamp() : 0;
    ChunkHeader continuation =
        new ChunkHeader(3, message.chunkStreamId(), fmt3Timestamp, 0, 0, 0);
    int written = 0;
    do {
      if (written > 0) {
        continuation.write(out);
      }
      int n = Math.min(chunkSize, payload.length - written);
      out.bytes(payload, written, n);
      written += n;
    } while (written < payload.length);
    if (message.typeId() == ChunkDecoder.TYPE_SET_CHUNK_SIZE && payload.length == 4) {
      int size = (payload[0] & 0x7F) << 24 | (payload[1] & 0xFF) << 16 | (payload[2] & 0xFF) << 8
          | (payload[3] & 0xFF);
      if (size > 0) {
        chunkSize = size;
      }
    }
  }
}
