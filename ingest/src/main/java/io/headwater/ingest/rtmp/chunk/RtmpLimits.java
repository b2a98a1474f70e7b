package io.headwater.ingest.rtmp.chunk;

/**
 * Bounds on what an RTMP peer may declare, checked before anything is allocated.
 *
 * @param maxMessageSizeBytes largest message length accepted in a chunk message header
 * @param maxChunkSizeBytes largest Set Chunk Size value accepted (the protocol allows 2^31-1)
 * @param maxChunkStreams most distinct chunk stream ids one connection may open
 */
public record RtmpLimits(int maxMessageSizeBytes, int maxChunkSizeBytes, int maxChunkStreams) {
  /** 8 MiB messages, 16 MiB chunks, 64 chunk streams. */
  public static final RtmpLimits DEFAULT = new RtmpLimits(8 << 20, 16 << 20, 64);

  public RtmpLimits {
    if (maxMessageSizeBytes < 1 || maxChunkSizeBytes < 128 || maxChunkStreams < 1) {
      throw new IllegalArgumentException("limits out of range: message " + maxMessageSizeBytes
          + ", chunk " + maxChunkSizeBytes + ", chunk streams " + maxChunkStreams);
    }
  }
}
