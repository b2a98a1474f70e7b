package io.headwater.bench.jmh;

import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fixture's samples into segments the way the origin does by default: a new segment at
 * the first video keyframe at least 2 s after the current segment's start.
 */
public final class SegmentCuts {
  /** The default target segment duration, in 90 kHz ticks. */
  public static final long TARGET_90K = 2 * 90_000L;

  private SegmentCuts() {}

  /** The samples of each segment, in arrival order. */
  public static List<List<Sample>> of(MediaFixture media) {
    List<List<Sample>> segments = new ArrayList<>();
    List<Sample> current = new ArrayList<>();
    long start = Long.MIN_VALUE;
    for (Sample s : media.samples()) {
      boolean video = s.trackId() == TrackFormat.VIDEO_TRACK_ID;
      if (video && s.keyframe()) {
        if (start == Long.MIN_VALUE) {
          start = s.dtsTicks();
        } else if (s.dtsTicks() - start >= TARGET_90K) {
          segments.add(current);
          current = new ArrayList<>();
          start = s.dtsTicks();
        }
      }
      current.add(s);
    }
    if (!current.isEmpty()) {
      segments.add(current);
    }
    return segments;
  }

  /** The samples of track {@code trackId} in {@code segment}. */
  public static List<Sample> track(List<Sample> segment, int trackId) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : segment) {
      if (s.trackId() == trackId) {
        out.add(s);
      }
    }
    return out;
  }
}
