package io.headwater.packager.segment;

import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import java.util.OptionalInt;

/**
 * Decides where segments start and end: a pure decision object with no I/O and no clock, fed
 * samples in arrival order. All times are compared on the 90 kHz clock.
 *
 * <p>With video, a segment is cut at the first video keyframe whose decode time is at least the
 * target duration after the segment's start (Media3's {@code shouldFlushPendingSamples} rule);
 * audio never cuts. Audio-only streams cut on the first audio frame at or past the target.
 *
 * <p>EXT-X-TARGETDURATION must never change (RFC 8216bis 6.2.1), yet every EXTINF rounded to the
 * nearest integer must not exceed it (RFC 8216 4.3.3.1). So the target duration is fixed once, when
 * the first segment closes, as {@code max(ceil(target), round(firstSegmentDuration))}; a later
 * video segment that reaches TD + 0.4 s without a keyframe is then cut at the next video sample
 * ({@link SegmentDecision#FORCED_CUT}). Until TD is known, the first segment is force-cut at
 * {@code max(4 x target, 10 s)}.
 *
 * <p>Not thread-safe: one instance per stream, used on the publisher's thread.
 */
public final class Segmenter {
  private static final long TICKS_PER_SECOND_90K = 90_000L;
  /** How far past TD a segment may run before it is force-cut: 0.4 s, so EXTINF rounds to TD. */
  private static final long FORCED_CUT_MARGIN_90K = 36_000L;
  /** The floor of the first segment's forced-cut length, before TD is known: 10 s. */
  private static final long FIRST_SEGMENT_FORCED_CUT_MIN_90K = 10 * TICKS_PER_SECOND_90K;

  private final SegmentPolicy policy;
  private boolean open;
  private long segmentStart90k;
  private int targetDurationSeconds; // 0 until the first segment closes
  private long forcedCuts;
  private long lastCuttingDts90k;
  private long lastCuttingInterval90k;

  public Segmenter(SegmentPolicy policy) {
    this.policy = policy;
  }

  /**
   * Decides what to do with {@code sample}; after {@code DROP} the caller discards it, after any
   * other decision it writes the sample into the (possibly new) current segment.
   */
  public SegmentDecision onSample(TrackFormat format, Sample sample) {
    boolean video = format.type() == TrackType.VIDEO;
    if (video && !policy.hasVideo()) {
      return SegmentDecision.DROP;
    }
    long dts90k = format.to90k(sample.dtsTicks());
    boolean cuttingTrack = policy.hasVideo() == video;
    if (!cuttingTrack) {
      return open ? SegmentDecision.CONTINUE : SegmentDecision.DROP;
    }
    // Every AAC frame is a sync sample; video starts and cuts only on IDR pictures.
    boolean sync = !video || sample.keyframe();
    SegmentDecision decision;
    if (!open) {
      if (!sync) {
        return SegmentDecision.DROP;
      }
      open = true;
      segmentStart90k = dts90k;
      decision = SegmentDecision.START_FIRST;
    } else {
      long elapsed90k = dts90k - segmentStart90k;
      if (sync && elapsed90k >= policy.targetDuration90k()) {
        closeAndStart(elapsed90k, dts90k);
        decision = SegmentDecision.CUT_ON_KEYFRAME;
      } else if (video && elapsed90k >= forcedCutThreshold90k()) {
        closeAndStart(elapsed90k, dts90k);
        forcedCuts++;
        decision = SegmentDecision.FORCED_CUT;
      } else {
        decision = SegmentDecision.CONTINUE;
        if (dts90k > lastCuttingDts90k) {
          lastCuttingInterval90k = dts90k - lastCuttingDts90k;
        }
      }
    }
    lastCuttingDts90k = dts90k;
    return decision;
  }

  /**
   * Ends the current segment at a timing discontinuity (the caller closes it): the next segment
   * starts on the next video keyframe (next audio frame when audio-only), and is reported as
   * {@code START_FIRST}. The target duration stays fixed; if the first segment had not closed yet,
   * it is fixed now from that segment's length, its last frame estimated from the one before.
   */
  public void reset() {
    if (open && targetDurationSeconds == 0) {
      long end90k = lastCuttingDts90k + lastCuttingInterval90k;
      fixTargetDuration(Math.max(0, end90k - segmentStart90k));
    }
    open = false;
    lastCuttingInterval90k = 0;
  }

  /** The EXT-X-TARGETDURATION in seconds, known once the first segment has closed. */
  public OptionalInt targetDurationSeconds() {
    return targetDurationSeconds == 0 ? OptionalInt.empty() : OptionalInt.of(targetDurationSeconds);
  }

  /** Decode time (90 kHz) of the first cutting-track sample of the current segment. */
  public long segmentStart90k() {
    return segmentStart90k;
  }

  /** How many segments were cut without a keyframe so far. */
  public long forcedCuts() {
    return forcedCuts;
  }

  private void closeAndStart(long closedDuration90k, long nextStart90k) {
    if (targetDurationSeconds == 0) {
      fixTargetDuration(closedDuration90k);
    }
    segmentStart90k = nextStart90k;
    lastCuttingInterval90k = 0;
  }

  private void fixTargetDuration(long firstSegmentDuration90k) {
    long target = policy.targetDuration90k();
    long ceilTargetSeconds = (target + TICKS_PER_SECOND_90K - 1) / TICKS_PER_SECOND_90K;
    long roundedFirstSeconds =
        (firstSegmentDuration90k + TICKS_PER_SECOND_90K / 2) / TICKS_PER_SECOND_90K;
    targetDurationSeconds = Math.toIntExact(Math.max(ceilTargetSeconds, roundedFirstSeconds));
  }

  private long forcedCutThreshold90k() {
    if (targetDurationSeconds == 0) {
      return Math.max(4 * policy.targetDuration90k(), FIRST_SEGMENT_FORCED_CUT_MIN_90K);
    }
    return targetDurationSeconds * TICKS_PER_SECOND_90K + FORCED_CUT_MARGIN_90K;
  }
}
