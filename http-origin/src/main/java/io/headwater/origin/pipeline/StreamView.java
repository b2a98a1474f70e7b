package io.headwater.origin.pipeline;

import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An immutable picture of one stream for HTTP readers: the timeline snapshot, the formats of each
 * period, and the measured bitrates. Rendered manifests are memoized per view, so each playlist
 * version is written once however many viewers ask for it.
 */
public final class StreamView {
  private final String path;
  private final TimelineSnapshot snapshot;
  private final NavigableMap<Long, StreamFormatsAt> periods;
  private final DashPeriodStarts dashPeriodStarts;
  private final int windowSegments;
  private final Instant availabilityStartTime;
  private final long availabilityStart90k;
  private final TrackBitrate tsBitrate;
  private final TrackBitrate videoBitrate;
  private final TrackBitrate audioBitrate;
  private final ConcurrentHashMap<String, String> rendered = new ConcurrentHashMap<>();

  StreamView(String path, TimelineSnapshot snapshot, NavigableMap<Long, StreamFormatsAt> periods,
      DashPeriodStarts dashPeriodStarts, int windowSegments, Instant availabilityStartTime, long availabilityStart90k, TrackBitrate tsBitrate,
      TrackBitrate videoBitrate, TrackBitrate audioBitrate) {
    this.path = Objects.requireNonNull(path);
    this.snapshot = Objects.requireNonNull(snapshot);
    this.periods = Collections.unmodifiableNavigableMap(periods);
    this.dashPeriodStarts = Objects.requireNonNull(dashPeriodStarts);
    this.windowSegments = windowSegments;
    this.availabilityStartTime = availabilityStartTime;
    this.availabilityStart90k = availabilityStart90k;
    this.tsBitrate = tsBitrate;
    this.videoBitrate = videoBitrate;
    this.audioBitrate = audioBitrate;
  }

  /** "app/stream". */
  public String path() {
    return path;
  }

  public TimelineSnapshot snapshot() {
    return snapshot;
  }

  /** Formats by the first sequence number of each period still stored. */
  public NavigableMap<Long, StreamFormatsAt> periods() {
    return periods;
  }

  /** Where the DASH Periods of the listed segments began, kept stable as the window slides. */
  public DashPeriodStarts dashPeriodStarts() {
    return dashPeriodStarts;
  }

  /** How many segments a full live window lists (the configured playlist length). */
  public int windowSegments() {
    return windowSegments;
  }

  /** The formats in force at segment {@code sequenceNumber}. */
  public StreamFormatsAt formatsAt(long sequenceNumber) {
    var e = periods.floorEntry(sequenceNumber);
    return e == null ? periods.firstEntry().getValue() : e.getValue();
  }

  /** The formats of the newest period. */
  public StreamFormatsAt currentFormats() {
    return periods.lastEntry().getValue();
  }

  /** Wall-clock time of the stream's first segment start (DASH availabilityStartTime). */
  public Instant availabilityStartTime() {
    return availabilityStartTime;
  }

  /** The timeline's 90 kHz time at {@link #availabilityStartTime()}. */
  public long availabilityStart90k() {
    return availabilityStart90k;
  }

  public TrackBitrate tsBitrate() {
    return tsBitrate;
  }

  public TrackBitrate videoBitrate() {
    return videoBitrate;
  }

  public TrackBitrate audioBitrate() {
    return audioBitrate;
  }

  /** ETag of this view's manifests: changes with every published snapshot. */
  public String etag() {
    return "\"" + snapshot.epoch() + "-" + snapshot.version() + "\"";
  }

  /** Renders (once per view) the manifest named {@code key}. */
  public String render(String key, Function<StreamView, String> renderer) {
    return rendered.computeIfAbsent(key, k -> renderer.apply(this));
  }
}
