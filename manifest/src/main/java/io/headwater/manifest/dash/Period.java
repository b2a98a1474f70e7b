package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@code Period} (ISO/IEC 23009-1 5.3.2): a stretch of the presentation with one set of
 * tracks and formats. A new Period follows every timeline discontinuity.
 *
 * @param id Period@id; the same Period keeps it in every MPD update (DASH-IF timing model)
 * @param start Period@start relative to the MPD's availabilityStartTime
 * @param adaptationSets the tracks of the Period, video first
 */
public record Period(String id, Duration start, List<AdaptationSet> adaptationSets) {
  public Period {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(start, "start");
    adaptationSets = List.copyOf(adaptationSets);
    if (start.isNegative()) {
      throw new IllegalArgumentException("Period " + id + " starts at " + start);
    }
  }
}
