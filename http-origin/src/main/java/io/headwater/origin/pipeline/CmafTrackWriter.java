package io.headwater.origin.pipeline;

import io.headwater.packager.fmp4.FragmentWriter;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one CMAF track of the open segment into chunks: an LL-HLS part each time the next sample
 * would make the chunk longer than the part target, and the last chunk when the segment ends.
 * The segment is the concatenation of its chunks, so a part and its parent segment carry the
 * same bytes. Without low latency the part target is unbounded: one chunk per segment.
 *
 * <p>Single-threaded: driven by the stream's pipeline under its monitor.
 */
final class CmafTrackWriter {
  /** Parts are kept this far under the target, so millisecond timestamp jitter never pushes
   * a part over PART-TARGET (RFC 8216bis 4.4.4.9: a part's duration MUST NOT exceed it). */
  private static final long PART_MARGIN_MICROS = 2_000;

  private final TrackFormat format;
  private final long partLimitTicks;
  private final List<Sample> part = new ArrayList<>();
  private final List<byte[]> chunks = new ArrayList<>();
  private final List<PartEntry> segmentParts = new ArrayList<>();
  private long chunkSequence;
  private long segmentSequence;
  private long segmentStartTicks = Long.MIN_VALUE;
  private long lastDtsTicks = Long.MIN_VALUE;
  private long frameTicks;

  /**
   * @param format the track's format for this period
   * @param partTargetMicros the LL-HLS part target, or 0 for one chunk per segment
   * @param firstChunkSequence the mfhd sequence number of the first chunk
   */
  CmafTrackWriter(TrackFormat format, long partTargetMicros, long firstChunkSequence) {
    this.format = format;
    this.partLimitTicks = partTargetMicros <= 0 ? Long.MAX_VALUE
        : (partTargetMicros - PART_MARGIN_MICROS) * format.timescale() / 1_000_000L;
    this.chunkSequence = firstChunkSequence;
  }

  TrackFormat format() {
    return format;
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
    if (lastDtsTicks != Long.MIN_VALUE && sample.dtsTicks() > lastDtsTicks) {
      frameTicks = sample.dtsTicks() - lastDtsTicks;
    } else if (frameTicks == 0) {
      frameTicks = format.timescale() / 30;
    }
    if (!part.isEmpty()
        && sample.dtsTicks() + frameTicks - part.get(0).dtsTicks() > partLimitTicks) {
      finishPart(sample.dtsTicks(), onPart);
    }
    if (segmentStartTicks == Long.MIN_VALUE) {
      segmentStartTicks = sample.dtsTicks();
    }
    part.add(sample);
    lastDtsTicks = sample.dtsTicks();
  }

  /**
   * Ends the segment at {@code endTicks}: the open part becomes its last chunk.
   *
   * @return the segment's bytes, or null when the track had no sample in it
   */
  byte[] finishSegment(long endTicks, PartSink onPart) {
    if (!part.isEmpty()) {
      finishPart(Math.max(endTicks, lastDtsTicks + 1), onPart);
    }
    if (chunks.isEmpty()) {
      return null;
    }
    if (chunks.size() == 1) {
      return chunks.get(0); // one chunk per segment (no low latency): no copy
    }
    int size = 0;
    for (byte[] c : chunks) {
      size += c.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  long segmentStartTicks() {
    return segmentStartTicks;
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
