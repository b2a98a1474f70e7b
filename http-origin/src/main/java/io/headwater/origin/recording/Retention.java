package io.headwater.origin.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which recordings to delete ({@code recordings.retention}): those that started more than {@code
 * maxAge} ago, then the oldest others while all recordings together exceed {@code maxSizeBytes}.
 * A recording being written is never chosen, even when it alone is over the size limit. Pure: the
 * caller deletes.
 *
 * @param maxAge the oldest start kept; zero keeps every age
 * @param maxSizeBytes the total size kept; zero means no limit
 */
public record Retention(Duration maxAge, long maxSizeBytes) {

  /**
   * The recordings to delete, oldest first.
   *
   * @param recordings every recording, oldest start first
   * @param now the current time
   */
  public List<RecordingId> expired(List<RecordingInfo> recordings, Instant now) {
    List<RecordingId> doomed = new ArrayList<>();
    long total = 0;
    for (RecordingInfo r : recordings) {
      total += r.sizeBytes();
    }
    for (RecordingInfo r : recordings) {
      if (r.active()) {
        continue;
      }
      boolean tooOld = !maxAge.isZero() && r.start().plus(maxAge).isBefore(now);
      boolean overSize = maxSizeBytes > 0 && total > maxSizeBytes;
      if (tooOld || overSize) {
        doomed.add(r.id());
        total -= r.sizeBytes();
      }
    }
    return doomed;
  }
}
