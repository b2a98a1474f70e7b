package io.headwater.origin.pipeline;

import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
  private final LowLatencyView lowLatency;
  private final TimeShift timeShift;
  private final long version;
  private final ConcurrentHashMap<String, String> rendered = new ConcurrentHashMap<>();
  private final CompletableFuture<StreamView> next = new CompletableFuture<>();
  private final ConcurrentHashMap<String, byte[]> renderedBytes = new ConcurrentHashMap<>();

  StreamView(String path, TimelineSnapshot snapshot, NavigableMap<Long, StreamFormatsAt> periods,
      DashPeriodStarts dashPeriodStarts, int windowSegments, Instant availabilityStartTime, long availabilityStart90k, TrackBitrate tsBitrate,
      TrackBitrate videoBitrate, TrackBitrate audioBitrate, LowLatencyView lowLatency,
      TimeShift timeShift, long version) {
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
    this.lowLatency = Objects.requireNonNull(lowLatency);
    this.timeShift = timeShift;
    this.version = version;
  }

  /** The LL-HLS parts and part target. */
  public LowLatencyView lowLatency() {
    return lowLatency;
  }

  /**
   * Completes with the view that replaces this one, when the stream publishes its next segment
   * or part: what a blocking playlist reload waits on without holding a thread.
   */
  public CompletableFuture<StreamView> next() {
    return next;
  }

  void supersede(StreamView successor) {
    next.complete(successor);
  }

  /** Increases by one with every view the stream publishes (a segment or a part). */
  public long version() {
    return version;
  }

  /** "app/stream". */
  public String path() {
    return path;
  }

  /** The live window: the segments memory holds, what the MPEG-TS playlist lists. */
  public TimelineSnapshot snapshot() {
    return snapshot;
  }

  /** The DVR window of a time-shifted stream, or null when the stream has none. */
  public TimeShift timeShift() {
    return timeShift;
  }

  /**
   * What the CMAF playlists and the MPD list: the DVR window of a time-shifted stream (its older
   * segments served from disk), else the live window.
   */
  public TimelineSnapshot listed() {
    return timeShift == null ? snapshot : timeShift.listed();
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
    return "\"" + snapshot.epoch() + "-" + version + "\"";
  }

  /** Renders (once per view) the manifest named {@code key}. */
  public String render(String key, Function<StreamView, String> renderer) {
    return rendered.computeIfAbsent(key, k -> renderer.apply(this));
  }

  /**
   * Computes (once per view) the bytes named {@code key}, e.g. a manifest's UTF-8 or gzip
   * encoding. The array is shared by every caller: it MUST NOT be modified.
   */
  public byte[] renderBytes(String key, Function<StreamView, byte[]> renderer) {
    return renderedBytes.computeIfAbsent(key, k -> renderer.apply(this));
  }
}
