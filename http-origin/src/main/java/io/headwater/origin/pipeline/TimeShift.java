package io.headwater.origin.pipeline;

import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.Objects;

/**
 * What the live CMAF playlists and the MPD of a time-shifted (DVR) stream list in place of the
 * live window.
 *
 * @param listed the segments of the time-shift window, oldest first; the older ones are served
 *     from disk
 * @param periodStarts where the DASH Periods of the listed segments began
 * @param depth the MPD's timeShiftBufferDepth: the window, or the whole event so far
 * @param event whole-event DVR: the HLS playlists are {@code EXT-X-PLAYLIST-TYPE:EVENT}
 */
public record TimeShift(TimelineSnapshot listed, DashPeriodStarts periodStarts, Duration depth,
    boolean event) {
  public TimeShift {
    Objects.requireNonNull(listed, "listed");
    Objects.requireNonNull(periodStarts, "periodStarts");
    Objects.requireNonNull(depth, "depth");
  }
}
