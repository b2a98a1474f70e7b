package io.headwater.packager.timeline;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rolling window of one stream's segments. One writer (the stream's publisher thread) calls
 * {@link #setTargetDuration}, {@link #append} and {@link #end}; any thread may call {@link
 * #snapshot}, which returns the last complete {@link TimelineSnapshot} through a volatile read, so
 * readers never lock against the writer and never see a half-applied change (RFC 8216bis 6.2.1:
 * playlist changes MUST be atomic).
 *
 * <p>Sequence numbers start at 0 and increase by one per segment; EXT-X-MEDIA-SEQUENCE follows
 * from the oldest listed segment, so it increases by exactly one per removed segment and never
 * decreases (RFC 8216bis 6.2.2). The window length is a segment count: configure it so that
 * {@code windowSegments} segments last at least three target durations, because a live playlist
 * MUST NOT drop below 3 x TARGETDURATION (RFC 8216bis 6.2.2).
 *
 * <p>Not thread-safe for writers: all mutating calls must come from one thread.
 */
public final class LiveTimeline {
  private final String epoch;
  private final int windowSegments;
  private final Clock clock;
  private final ArrayDeque<SegmentEntry> window = new ArrayDeque<>();

  private int targetDurationSeconds;
  private long nextSequenceNumber;
  private long discontinuitySequence;
  private boolean ended;
  private long version;
  private volatile TimelineSnapshot snapshot;

  /**
   * @param epoch the stream lifetime's token (see {@link TimelineSnapshot#epoch()})
   * @param windowSegments how many segments stay listed; at least 1
   * @param clock the source of {@link TimelineSnapshot#updated()}
   */
  public LiveTimeline(String epoch, int windowSegments, Clock clock) {
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (windowSegments < 1) {
      throw new IllegalArgumentException("windowSegments " + windowSegments + " < 1");
    }
    this.windowSegments = windowSegments;
    this.snapshot = buildSnapshot();
  }

  /**
   * Fixes EXT-X-TARGETDURATION for the stream's lifetime (RFC 8216bis 6.2.1: it MUST NOT change).
   * Setting the same value again is a no-op; a different value throws.
   *
   * @throws IllegalArgumentException when {@code seconds} is not positive
   * @throws IllegalStateException when a different value was set before
   */
  public void setTargetDuration(int seconds) {
    if (seconds <= 0) {
      throw new IllegalArgumentException("target duration " + seconds + " s is not positive");
    }
    if (targetDurationSeconds == seconds) {
      return;
    }
    if (targetDurationSeconds != 0) {
      throw new IllegalStateException("target duration already " + targetDurationSeconds
          + " s, refusing to change it to " + seconds + " s (RFC 8216bis 6.2.1)");
    }
    targetDurationSeconds = seconds;
    publish();
  }

  /**
   * Adds the next segment, drops the oldest while more than {@code windowSegments} are listed and
   * publishes a new snapshot.
   *
   * @return the segments that left the window, oldest first (their bytes may be released once
   *     their availability time has passed)
   * @throws IllegalArgumentException when {@code entry} is not numbered {@link
   *     #nextSequenceNumber()}
   * @throws IllegalStateException when the target duration is not set or the stream has ended
   */
  public List<SegmentEntry> append(SegmentEntry entry) {
    Objects.requireNonNull(entry, "entry");
    if (ended) {
      throw new IllegalStateException("stream " + epoch + " has ended; cannot append segment "
          + entry.sequenceNumber());
    }
    if (targetDurationSeconds == 0) {
      throw new IllegalStateException("target duration is not set before segment "
          + entry.sequenceNumber());
    }
    if (entry.sequenceNumber() != nextSequenceNumber) {
      throw new IllegalArgumentException("segment sequence number " + entry.sequenceNumber()
          + ", expected " + nextSequenceNumber);
    }
    window.addLast(entry);
    nextSequenceNumber++;
    List<SegmentEntry> removed = new ArrayList<>(1);
    while (window.size() > windowSegments) {
      SegmentEntry gone = window.removeFirst();
      if (gone.discontinuity()) {
        // RFC 8216 6.2.2 / 8216bis 6.2.2: removing a segment tagged EXT-X-DISCONTINUITY
        // increments EXT-X-DISCONTINUITY-SEQUENCE.
        discontinuitySequence++;
      }
      removed.add(gone);
    }
    publish();
    return List.copyOf(removed);
  }

  /** Marks the stream ended (EXT-X-ENDLIST) and publishes; later calls do nothing. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    publish();
  }

  /** The latest complete snapshot; never null. Safe from any thread. */
  public TimelineSnapshot snapshot() {
    return snapshot;
  }

  /** The sequence number the next appended segment must carry. */
  public long nextSequenceNumber() {
    return nextSequenceNumber;
  }

  private void publish() {
    version++;
    snapshot = buildSnapshot();
  }

  private TimelineSnapshot buildSnapshot() {
    return new TimelineSnapshot(epoch, targetDurationSeconds, List.copyOf(window),
        discontinuitySequence, ended, clock.instant(), version);
  }
}
