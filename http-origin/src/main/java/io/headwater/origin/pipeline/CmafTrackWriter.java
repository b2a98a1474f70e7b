package io.headwater.origin.pipeline;

import io.headwater.packager.fmp4.FragmentWriter;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import io.headwater.packager.segment.PartPlanner;
import io.headwater.packager.timeline.PartEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one CMAF track of the open segment into chunks: LL-HLS parts of whole frames, and the last
 * chunk when the segment ends. The segment is the concatenation of its chunks, so a part and its
 * parent segment carry the same bytes. Without low latency the part target is unbounded: one
 * chunk per segment.
 *
 * <p>With low latency, a video part always ends before a keyframe (so INDEPENDENT=YES is on
 * exactly the parts that start with one, and no part holds a keyframe in its middle: players
 * left holes in their buffers before such keyframes), and each part's length is planned
 * ({@link PartPlanner}) to reach the next boundary in even parts: the next keyframe, predicted
 * from the last keyframe interval, for video; the segment's end, predicted from the last
 * segment's length, for audio. 2 s of 48 kHz AAC under a 340 ms target is then six parts of 14
 * frames and a last one of about 10, not six of 15 and a last one of 3 or 4.
 *
 * <p>Single-threaded: driven by the stream's pipeline under its monitor.
 */
final class CmafTrackWriter {
  /** Parts are kept this far under the target, so millisecond timestamp jitter never pushes
   * a part over PART-TARGET (RFC 8216bis 4.4.4.9: a part's duration MUST NOT exceed it). */
  private static final long PART_MARGIN_MICROS = 2_000;
  /** Frames over which the frame duration is averaged (exponentially). */
  private static final int FRAME_AVERAGING = 16;

  private final TrackFormat format;
  private final boolean video;
  private final long partTargetMicros;
  private final long partLimitTicks;
  private final long partMinTicks;
  private final List<Sample> part = new ArrayList<>();
  private final List<byte[]> chunks = new ArrayList<>();
  private final List<PartEntry> segmentParts = new ArrayList<>();
  private long chunkSequence;
  private long segmentSequence;
  private long segmentStartTicks = Long.MIN_VALUE;
  private long lastDtsTicks = Long.MIN_VALUE;
  /** The average frame duration: millisecond timestamps make single frames 33 or 34 ms. */
  private double frameTicks;
  private boolean frameMeasured;
  // Planning: the predicted segment length (audio) and keyframe interval (video).
  private long expectedSegmentTicks;
  private long lastKeyframeTicks = Long.MIN_VALUE;
  private long keyframeIntervalTicks;
  private long plannedPartTicks = Long.MAX_VALUE;

  /**
   * @param format the track's format for this period
   * @param partTargetMicros the LL-HLS part target, or 0 for one chunk per segment
   * @param firstChunkSequence the mfhd sequence number of the first chunk
   * @param segmentMicros the expected segment duration, until a segment has been seen
   */
  CmafTrackWriter(TrackFormat format, long partTargetMicros, long firstChunkSequence,
      long segmentMicros) {
    this.format = format;
    this.video = format.type() == TrackType.VIDEO;
    this.partTargetMicros = partTargetMicros;
    this.partLimitTicks = partTargetMicros <= 0 ? Long.MAX_VALUE
        : (partTargetMicros - PART_MARGIN_MICROS) * format.timescale() / 1_000_000L;
    this.partMinTicks = partTargetMicros <= 0 ? 0
        : partTargetMicros * PartPlanner.MIN_PERCENT / 100 * format.timescale() / 1_000_000L;
    this.chunkSequence = firstChunkSequence;
    this.expectedSegmentTicks = segmentMicros * format.timescale() / 1_000_000L;
    this.frameTicks = video ? format.timescale() / 30 : AacConfig.SAMPLES_PER_FRAME;
  }

  /**
   * The part target of a track's playlist (EXT-X-PART-INF, one per media playlist) for a
   * configured {@code partTargetMicros}: the configured one for video; for AAC audio, the
   * configured one rounded up to whole 1024-sample frames (plus the timestamp margin), so that
   * a 2 s segment's last audio part is not left a short tail. Under 340 ms at 48 kHz, parts of
   * 15.94 frames cannot be: with 14-15 frame parts the last one is 4-10 frames (80-208 ms),
   * shorter than the 0.25 s within which hls.js (maxFragLookUpTolerance) takes a fragment's end
   * for its start and skips the rest; with a 16-frame (341 ms) target it is ~14 frames (293 ms).
   */
  static long partTargetMicros(TrackFormat format, long partTargetMicros) {
    if (partTargetMicros <= 0 || format.type() != TrackType.AUDIO || format.timescale() <= 0) {
      return partTargetMicros;
    }
    long frameNumerator = AacConfig.SAMPLES_PER_FRAME * 1_000_000L; // frame micros x timescale
    long frames = (partTargetMicros * format.timescale() + frameNumerator - 1) / frameNumerator;
    long wholeFramesMicros = (frames * frameNumerator + format.timescale() - 1)
        / format.timescale();
    return Math.max(partTargetMicros, wholeFramesMicros + PART_MARGIN_MICROS);
  }

  TrackFormat format() {
    return format;
  }

  /** The part target this writer cuts to: its playlist's PART-TARGET, or 0 with LL off. */
  long partTargetMicros() {
    return partTargetMicros;
  }

  /** The mfhd sequence number the next chunk will carry. */
  long nextChunkSequence() {
    return chunkSequence;
  }

  boolean isEmpty() {
    return part.isEmpty() && segmentParts.isEmpty();
  }

  /** Starts the track's share of segment {@code sequenceNumber}. */
  void startSegment(long sequenceNumber) {
    segmentSequence = sequenceNumber;
    segmentStartTicks = Long.MIN_VALUE;
    part.clear();
    chunks.clear();
    segmentParts.clear();
  }

  /**
   * Adds a sample; when it would make the open part longer than the part target, the part ends
   * before it and is handed to {@code onPart} with its bytes.
   */
  void add(Sample sample, PartSink onPart) {
    long dts = sample.dtsTicks();
    if (lastDtsTicks != Long.MIN_VALUE && dts > lastDtsTicks) {
      frameTicks = frameMeasured ? frameTicks + (dts - lastDtsTicks - frameTicks) / FRAME_AVERAGING
          : dts - lastDtsTicks;
      frameMeasured = true;
    }
    boolean keyframe = video && sample.keyframe();
    if (keyframe) {
      if (lastKeyframeTicks != Long.MIN_VALUE && dts > lastKeyframeTicks) {
        keyframeIntervalTicks = dts - lastKeyframeTicks;
      }
      lastKeyframeTicks = dts;
      // Keyframes closer together than a part (all-intra video): parts of several frames, each
      // still starting with a keyframe, rather than one frame each.
      keyframe = keyframeIntervalTicks == 0 || keyframeIntervalTicks >= partMinTicks;
    }
    if (!part.isEmpty() && partLimitTicks != Long.MAX_VALUE) {
      long start = part.get(0).dtsTicks();
      if (keyframe || dts + frameTicks - start > partLimitTicks
          || dts - start >= plannedPartTicks - frameTicks / 2) {
        endPart(dts, onPart);
      }
    }
    if (segmentStartTicks == Long.MIN_VALUE) {
      segmentStartTicks = dts;
    }
    if (part.isEmpty()) {
      plannedPartTicks = planPart(dts);
    }
    part.add(sample);
    lastDtsTicks = dts;
  }

  /** The planned length of a part starting at {@code startTicks}: whole frames. */
  private long planPart(long startTicks) {
    if (partLimitTicks == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    long boundary;
    if (video) {
      boundary = keyframeIntervalTicks > 0 && lastKeyframeTicks != Long.MIN_VALUE
          ? lastKeyframeTicks + keyframeIntervalTicks : Long.MIN_VALUE;
    } else {
      boundary = expectedSegmentTicks > 0 ? segmentStartTicks + expectedSegmentTicks
          : Long.MIN_VALUE;
    }
    long remaining = boundary == Long.MIN_VALUE ? 0 : boundary - startTicks;
    long frame = Math.max(1, Math.round(frameTicks));
    int frames = PartPlanner.framesPerPart(frame, partMinTicks, partLimitTicks, remaining);
    return frames * frame;
  }

  /**
   * Ends the segment at {@code endTicks}: the open part becomes its last chunk.
   *
   * @return the segment's chunks in order (the segment is their concatenation; each went to
   *     {@code onPart} before), or null when the track had no sample in it
   */
  List<byte[]> finishSegment(long endTicks, PartSink onPart) {
    if (!part.isEmpty()) {
      endPart(Math.max(endTicks, lastDtsTicks + 1), onPart);
    }
    if (segmentStartTicks != Long.MIN_VALUE && lastDtsTicks != Long.MIN_VALUE) {
      expectedSegmentTicks = Math.max(endTicks, lastDtsTicks + 1) - segmentStartTicks;
    }
    return chunks.isEmpty() ? null : List.copyOf(chunks);
  }

  long segmentStartTicks() {
    return segmentStartTicks;
  }

  /**
   * Ends the open part at {@code endTicks}, which is where the next sample starts. A gap in the
   * timestamps (a dropped frame, a publisher looping a file) stretches the last sample over it
   * and can push the part over PART-TARGET, which a playlist must never list (RFC 8216bis
   * 4.4.4.9): the last sample then becomes a part of its own; should that one sample and the gap
   * still be too long (a dropout of about a part), it ends at the limit and the media has a gap.
   */
  private void endPart(long endTicks, PartSink onPart) {
    if (partLimitTicks != Long.MAX_VALUE && endTicks - part.get(0).dtsTicks() > partLimitTicks) {
      if (part.size() > 1) {
        Sample last = part.remove(part.size() - 1);
        finishPart(last.dtsTicks(), onPart);
        part.add(last);
      }
      endTicks = Math.min(endTicks, part.get(0).dtsTicks() + partLimitTicks);
    }
    finishPart(endTicks, onPart);
  }

  private void finishPart(long endTicks, PartSink onPart) {
    byte[] chunk = FragmentWriter.write(format, chunkSequence++, part, endTicks);
    long start = part.get(0).dtsTicks();
    PartEntry entry = new PartEntry(format.trackId(), segmentSequence, segmentParts.size(),
        start, endTicks - start, format.timescale(), part.get(0).keyframe(), chunk.length);
    chunks.add(chunk);
    segmentParts.add(entry);
    part.clear();
    onPart.accept(entry, chunk);
  }

  /** Receives each finished part with its bytes. */
  @FunctionalInterface
  interface PartSink {
    void accept(PartEntry part, byte[] bytes);
  }
}
