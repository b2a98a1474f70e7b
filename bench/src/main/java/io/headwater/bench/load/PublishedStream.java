package io.headwater.bench.load;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One replayed stream: its connection, its place in the file, and when each of its keyframes was
 * handed to the socket (the "last frame in" moment a segment's availability is measured from).
 */
final class PublishedStream {
  final String name;
  final RtmpPublishClient client;
  final long startNanos;
  /** Media time (ms since the stream's first tag) to the nanoTime its keyframe was queued. */
  final ConcurrentSkipListMap<Long, Long> keyframeSentNanos = new ConcurrentSkipListMap<>();
  int nextTag;
  long loop;
  long maxLagNanos;
  volatile long sentMediaMs;
  volatile boolean failed;

  PublishedStream(String name, RtmpPublishClient client, long startNanos) {
    this.name = name;
    this.client = client;
    this.startNanos = startNanos;
  }

  /** When the keyframe nearest {@code mediaMs} (within 100 ms) was queued, or null. */
  Long keyframeSentNear(long mediaMs) {
    Map.Entry<Long, Long> below = keyframeSentNanos.floorEntry(mediaMs);
    Map.Entry<Long, Long> above = keyframeSentNanos.ceilingEntry(mediaMs);
    Map.Entry<Long, Long> best = below;
    if (best == null || (above != null && above.getKey() - mediaMs < mediaMs - best.getKey())) {
      best = above;
    }
    return best != null && Math.abs(best.getKey() - mediaMs) <= 100 ? best.getValue() : null;
  }
}
