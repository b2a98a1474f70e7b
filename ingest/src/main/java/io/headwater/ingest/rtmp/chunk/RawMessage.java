package io.headwater.ingest.rtmp.chunk;

import java.util.Objects;

/**
 * One reassembled RTMP message as the chunk layer sees it (RTMP 1.0 section 5.3.1): type id,
 * absolute 32-bit timestamp, message stream id and payload, plus the chunk stream it came on.
 *
 * @param chunkStreamId csid, 2..65599
 * @param typeId message type id (section 5.4, 7.1)
 * @param timestamp absolute message timestamp in milliseconds, 0..2^32-1 (wraps)
 * @param messageStreamId message stream id (little-endian on the wire)
 * @param payload message body; not copied, do not modify
 */
public record RawMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId,
    byte[] payload) {
  public RawMessage {
    Objects.requireNonNull(payload, "payload");
    if (chunkStreamId < ChunkHeader.MIN_CSID || chunkStreamId > ChunkHeader.MAX_CSID) {
      throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " out of range");
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp " + timestamp + " is not 32-bit");
    }
  }
}
