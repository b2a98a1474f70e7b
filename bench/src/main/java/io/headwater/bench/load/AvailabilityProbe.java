package io.headwater.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows one stream's live media playlist closely and records, for every segment when it first
 * appears, its availability delay: the time from queuing the keyframe that closes it (the first
 * frame of the next segment, the moment a packager can cut) to seeing it listed. Segment end
 * times come from adding up the EXTINF durations from the first segment, which starts at the
 * stream's first keyframe (media time 0).
 */
final class AvailabilityProbe {
  private final PublishedStream stream;
  private final MiniHttp http;
  private final String path;
  private final Map<Long, Double> endMediaMs = new HashMap<>();
  private long lastSequence = -1;
  private long measureFromNanos;
  int errors;
  int unmatched;
  long lastEndMediaMs;
  long segmentsSeen;
  long sequenceGaps;

  AvailabilityProbe(PublishedStream stream, URI playlist) {
    this.stream = stream;
    this.http = new MiniHttp(new InetSocketAddress(playlist.getHost(), playlist.getPort()));
    this.path = playlist.getRawPath();
  }

  /** Delays of segments first seen before this time are not recorded (warm-up). */
  void measureFrom(long nanos) {
    measureFromNanos = nanos;
  }

  /** One poll; adds each newly listed segment's delay to {@code delays}. */
  void poll(LatencyLog delays) {
    MiniHttp.Response r;
    try {
      r = http.get(path);
    } catch (java.io.IOException e) {
      errors++;
      return;
    }
    long seenNanos = System.nanoTime();
    if (r.status() == 404) {
      return; // no segment yet
    }
    if (r.status() != 200) {
      errors++;
      return;
    }
    MediaPlaylistLines playlist = MediaPlaylistLines.parse(r.text());
    for (MediaPlaylistLines.Segment seg : playlist.segments()) {
      if (seg.sequence() <= lastSequence) {
        continue;
      }
      Double previousEnd = endMediaMs.get(seg.sequence() - 1);
      if (previousEnd == null && lastSequence >= 0) {
        sequenceGaps++;
      }
      double end = (previousEnd == null ? 0 : previousEnd) + seg.durationSeconds() * 1000;
      endMediaMs.put(seg.sequence(), end);
      endMediaMs.remove(seg.sequence() - 64);
      lastSequence = seg.sequence();
      lastEndMediaMs = Math.round(end);
      segmentsSeen++;
      Long sent = stream.keyframeSentNear(Math.round(end));
      if (sent == null) {
        unmatched++;
      } else if (seenNanos >= measureFromNanos) {
        delays.add((seenNanos - sent) / 1e6);
      }
    }
  }

  void close() {
    http.close();
  }
}
