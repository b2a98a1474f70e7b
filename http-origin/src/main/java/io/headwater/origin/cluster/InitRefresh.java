package io.headwater.origin.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The init segments of a live stream, written again every {@link #INTERVAL_MILLIS}. A bucket
 * lifecycle rule expires objects a fixed time after their last write (README "Scaling out":
 * {@code media/} after a day); segments and playlists of a live stream are always younger than
 * that, but an init segment is written once per period, and a stream published for days without
 * a break would lose the init segment its playlists still name. Rewriting the same bytes under
 * the same (immutable) name keeps it young. The last {@link #KEPT} init segments are kept: those
 * of the current period and of the periods before it that a (DVR) window may still list.
 */
final class InitRefresh {
  /** Half the shortest expiry a lifecycle rule can set (one day). */
  static final long INTERVAL_MILLIS = 12L * 3_600_000;
  /** Init segments remembered per stream (both tracks, a few periods). */
  static final int KEPT = 8;
  private static final Pattern INIT = Pattern.compile("[va]/[a-z0-9]+-init-[0-9]{1,18}\\.mp4");

  /**
   * One init segment.
   *
   * @param name its media name ({@code v/EPOCH-init-SEQ.mp4})
   * @param bytes its bytes, shared with the pipeline and never modified
   */
  record Init(String name, byte[] bytes) {}

  private final Map<String, byte[]> inits = new LinkedHashMap<>();
  private long lastWriteMillis = Long.MIN_VALUE;

  /** Remembers {@code name} if it is an init segment, written now ({@code nowMillis}). */
  synchronized void written(String name, byte[] bytes, long nowMillis) {
    if (!INIT.matcher(name).matches()) {
      return;
    }
    inits.remove(name);
    inits.put(name, bytes);
    while (inits.size() > KEPT) {
      inits.remove(inits.keySet().iterator().next());
    }
    if (lastWriteMillis == Long.MIN_VALUE) {
      lastWriteMillis = nowMillis;
    }
  }

  /**
   * The init segments to write again at {@code nowMillis}: all that are remembered, once
   * {@link #INTERVAL_MILLIS} has passed since the last time (or the first one); else none.
   */
  synchronized List<Init> due(long nowMillis) {
    if (lastWriteMillis == Long.MIN_VALUE || nowMillis - lastWriteMillis < INTERVAL_MILLIS) {
      return List.of();
    }
    lastWriteMillis = nowMillis;
    return inits.entrySet().stream().map(e -> new Init(e.getKey(), e.getValue())).toList();
  }
}
