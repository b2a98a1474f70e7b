package io.headwater.packager.segment;

/**
 * Chooses how many whole frames an LL-HLS part holds, so that the parts up to the next boundary
 * a part must end on (a keyframe for video, the segment's end for audio) come out as even as the
 * rules allow. RFC 8216bis 4.4.4.9: a part MUST NOT be longer than PART-TARGET and MUST be at
 * least 85 % of it, except the last part of its parent segment and an INDEPENDENT one.
 *
 * <p>Example: 2 s of 48 kHz AAC is 93.75 frames of 21.3 ms. Under a 340 ms PART-TARGET, parts of
 * 15 frames (the most that fit) leave a last part of 3.75 frames (80 ms); parts of 14 frames
 * (299 ms, 88 %) leave one of 9.75 frames (208 ms). A last part that short is loaded in a few
 * milliseconds while its predecessor may still be loading, the race that made hls.js stop
 * loading audio for seconds.
 */
public final class PartPlanner {
  /** bis 4.4.4.9: parts other than the last of a segment are at least 85 % of PART-TARGET. */
  public static final int MIN_PERCENT = 85;

  private PartPlanner() {}

  /**
   * The number of frames of the next part.
   *
   * @param frameTicks one frame's duration
   * @param minTicks the shortest part allowed (85 % of PART-TARGET)
   * @param maxTicks the longest part allowed (PART-TARGET less a margin for timestamp jitter)
   * @param remainingTicks the time from the part's start to the next boundary a part must end
   *     on, or a value {@code <= 0} when it is not known
   * @return at least 1: the most frames that fit when nothing is known; else, among the counts
   *     that keep a part between {@code minTicks} and {@code maxTicks}, the one whose parts fill
   *     the remaining time exactly or leave the longest last part (the larger count on a tie)
   */
  public static int framesPerPart(long frameTicks, long minTicks, long maxTicks,
      long remainingTicks) {
    if (frameTicks <= 0 || maxTicks < frameTicks) {
      return 1;
    }
    int most = (int) Math.min(Integer.MAX_VALUE, maxTicks / frameTicks);
    int fewest = (int) Math.max(1, Math.min(most, (minTicks + frameTicks - 1) / frameTicks));
    if (remainingTicks <= 0) {
      return most;
    }
    int best = most;
    long bestScore = -1;
    for (int n = most; n >= fewest; n--) {
      long part = n * frameTicks;
      long tail = remainingTicks % part;
      // A tail within half a frame of nothing means the parts end on the boundary: perfect.
      long score = tail * 2 < frameTicks ? part + frameTicks : tail;
      if (remainingTicks <= part + frameTicks / 2) {
        score = part + frameTicks; // the rest is one part of its own
      }
      if (score > bestScore) {
        bestScore = score;
        best = n;
      }
    }
    return best;
  }
}
