package io.headwater.packager.segment;

/** What the caller does with a sample, as decided by {@link Segmenter#onSample}. */
public enum SegmentDecision {
  /** Discard the sample: no segment is open and it cannot start one. */
  DROP,
  /** Start a segment (none is open) and write the sample into it. */
  START_FIRST,
  /** Write the sample into the open segment. */
  CONTINUE,
  /** Close the open segment; start a new, independent one with this sample. */
  CUT_ON_KEYFRAME,
  /**
   * Close the open segment, which has outgrown the target duration without a keyframe; start a new
   * one with this sample. The new segment does not start with a keyframe (not independent).
   */
  FORCED_CUT
}
