package io.headwater.origin.pipeline;

import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.packager.fmp4.InitSegmentWriter;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import io.headwater.packager.segment.SegmentDecision;
import io.headwater.packager.segment.SegmentPolicy;
import io.headwater.packager.segment.Segmenter;
import io.headwater.packager.timeline.LiveTimeline;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import io.headwater.packager.ts.TsSegmentWriter;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.StoredSegment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaging pipeline of one published stream: samples in, keyframe-aligned segments out (one
 * MPEG-TS segment and one CMAF segment per track, with identical boundaries), stored before they
 * are listed, then published as an immutable {@link StreamView} for HTTP readers.
 *
 * <p>One publisher at a time feeds it, on that publisher's thread; the reconnect timer ends it from
 * the scheduler's thread. Both go through this object's monitor; HTTP threads only read the
 * volatile view and never lock.
 *
 * <p>Timing: each publish session's timestamps are shifted onto the stream's timeline. The first
 * session keeps the publisher's own timestamps; after a reconnect or a timestamp break, the next
 * keyframe is placed at the later of the previous end and the wall-clock position, so that the
 * timeline stays monotonic and keeps pace with wall time (DASH availability and
 * EXT-X-PROGRAM-DATE-TIME stay right across the break).
 */
public final class LiveStream {
  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

  /** Media buffered while waiting for declared track formats before the first segment. */
  private static final long MAX_START_WAIT_90K = 3 * 90_000L;
  /** Segments (before the newest complete one) whose parts are still listed. */
  private static final int PART_LIST_SEGMENTS = 3;
  /** AAC frames held before a starting keyframe (about a third of a second at 48 kHz). */
  private static final int MAX_PREROLL_FRAMES = 16;
  /** Samples buffered at most before the start, whatever their span. */
  private static final int MAX_PENDING_SAMPLES = 2_000;

  private final String app;
  private final String name;
  private final String path;
  private final String epoch;
  private final StreamSettings settings;
  private final SegmentStore store;
  private final Clock clock;
  private final LiveTimeline timeline;
  private final Instant createdAt;

  // Formats announced by the current publish session.
  private boolean declared;
  private boolean declaredVideo;
  private boolean declaredAudio;
  private TrackFormat latestVideo;
  private TrackFormat latestAudio;
  private final ArrayDeque<Sample> pending = new ArrayDeque<>();
  // Audio received before the keyframe the next segment starts on.
  private final ArrayDeque<Sample> preroll = new ArrayDeque<>();

  // The period in force: formats fixed for its segments.
  private TrackFormat video;
  private TrackFormat audio;
  private Segmenter segmenter;
  private TsSegmentWriter tsWriter;
  private boolean periodStarted;
  private boolean nextSegmentDiscontinuity;
  private final NavigableMap<Long, StreamFormatsAt> periods = new TreeMap<>();

  // Timing of the current publish session.
  private boolean offsetKnown;
  private long offset90k;
  private Instant wallAnchor;
  private long anchor90k;
  private long lastEnd90k = Long.MIN_VALUE;
  private long lastAudioEndTicks = Long.MIN_VALUE;
  private long lastVideoDts90k = Long.MIN_VALUE;
  private long lastVideoFrame90k = 3000;
  // Composition delay of the session's first keyframe (B-frame reordering, 90 kHz video ticks):
  // video decode times are moved this much later so that keyframes present at their decode time.
  private long videoDelay90k;

  // The open segment.
  private boolean segmentOpen;
  private long segmentStart90k;
  private boolean segmentIndependent;
  /** True while the open segment's last parts are cut: they wait for one view together. */
  private boolean closingSegment;
  /** True for the view that lists the open segment's last parts, before the segment's own. */
  private boolean lastPartsListed;
  private CmafTrackWriter videoOut;
  private CmafTrackWriter audioOut;

  // LL-HLS parts of the last few segments and of the open one, oldest first.
  private final ArrayDeque<PartEntry> recentParts = new ArrayDeque<>();
  private long viewVersion;

  // Retention of segments that left the playlist, each with the media time it may go at.
  private final ArrayDeque<Retired> retired = new ArrayDeque<>();
  // Their MPEG-TS renditions, released on schedule even while a time-shifted stream's CMAF waits.
  private final ArrayDeque<Retired> retiredTs = new ArrayDeque<>();
  // Media time published so far, all sessions together: the clock retention runs on.
  private long publishedMedia90k;

  // Measurements.
  private final BitrateMeter tsMeter = new BitrateMeter();
  private final BitrateMeter videoMeter = new BitrateMeter();
  private final BitrateMeter audioMeter = new BitrateMeter();
  private long droppedSamples;
  private long forcedCuts;
  private long bytesIn;

  private boolean publishing;
  private boolean ended;
  private DashPeriodStarts dashPeriodStarts = DashPeriodStarts.empty();
  // What the last view was made of, reused while unchanged: a part changes neither.
  private TimelineSnapshot periodStartsOf;
  private NavigableMap<Long, StreamFormatsAt> publishedPeriods;
  private volatile StreamView view;
  // When the sample being processed arrived; a view it completes is published this long after.
  private long sampleArrivedNanos;
  private final DelayHistogram availabilityDelay = new DelayHistogram();
  private final StreamObserver observer;
  private boolean observerFailed;
  // DVR on the live URLs: the observer that keeps segments on disk, and what the playlists list.
  private final TimeShiftObserver timeShiftSource;
  private final DvrTimeline dvr;
  private TimeShift timeShift;

  public LiveStream(String app, String name, String epoch, StreamSettings settings,
      SegmentStore store, Clock clock) {
    this(app, name, epoch, settings, store, clock, s -> StreamObserver.NONE);
  }

  /** A stream whose stored objects {@code observers} also sees (recordings, for example). */
  public LiveStream(String app, String name, String epoch, StreamSettings settings,
      SegmentStore store, Clock clock, StreamObserver.Factory observers) {
    this.app = app;
    this.name = name;
    this.path = app + "/" + name;
    this.epoch = epoch;
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.timeline = new LiveTimeline(epoch, settings.playlistSegments(), clock);
    this.createdAt = clock.instant();
    this.view = null;
    this.observer = observers.create(this);
    this.timeShiftSource = observer instanceof TimeShiftObserver t ? t : null;
    this.dvr = timeShiftSource == null ? null
        : new DvrTimeline(timeShiftSource.window(), settings.playlistSegments());
  }

  public String app() {
    return app;
  }

  public String name() {
    return name;
  }

  /** "app/stream". */
  public String path() {
    return path;
  }

  public String epoch() {
    return epoch;
  }

  public StreamSettings settings() {
    return settings;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Whether the live CMAF playlists and MPD list a DVR window whose older segments are read from
   * disk ({@link #readTimeShifted}).
   */
  public boolean timeShifted() {
    return timeShiftSource != null;
  }

  /**
   * Reads an init segment or segment of the DVR window that memory no longer holds; empty when
   * the stream is not time-shifted or the object is not on disk. Blocking file I/O: call it off
   * the HTTP I/O threads.
   */
  public Optional<StoredSegment> readTimeShifted(String name) {
    return timeShiftSource == null ? Optional.empty() : timeShiftSource.read(name);
  }

  /** The latest published view, or null until the first segment is stored. */
  public StreamView view() {
    return view;
  }

  public synchronized boolean isPublishing() {
    return publishing;
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  /**
   * Attaches a publish session and returns the sink its demux feeds. A session after the first
   * continues the same timeline after a discontinuity.
   */
  public synchronized MediaSink attachPublisher() {
    if (ended) {
      throw new IllegalStateException("stream " + path + " has ended");
    }
    if (publishing) {
      throw new IllegalStateException("stream " + path + " already has a publisher");
    }
    publishing = true;
    declared = false;
    declaredVideo = false;
    declaredAudio = false;
    latestVideo = null;
    latestAudio = null;
    pending.clear();
    if (periodStarted) {
      breakTiming(/* resetOffset= */ true);
    }
    return new SessionSink();
  }

  /** The publisher left (cleanly or not): the open segment is finished and stored. */
  public synchronized void detachPublisher() {
    if (!publishing) {
      return;
    }
    publishing = false;
    if (segmentOpen) {
      closeSegment(estimatedEnd90k());
    }
    pending.clear();
    if (settings.lowLatency() && !timeline.snapshot().segments().isEmpty()) {
      // A view without a publisher: no preload hint, and held requests for parts that will
      // not come are answered now (bis 6.2.6), while the playlist is still live.
      publishView();
    }
  }

  /** Ends the stream: the playlists get EXT-X-ENDLIST and the MPD turns static. */
  public synchronized void end() {
    if (ended) {
      return;
    }
    if (publishing) {
      detachPublisher();
    }
    ended = true;
    if (timeline.snapshot().segments().isEmpty()) {
      log.info("stream ended app={} stream={} segments=0", app, name);
      return;
    }
    timeline.end();
    if (dvr != null) {
      timeShift = dvr.listing(timeline.snapshot(), oldestInMemory(),
          timeShiftSource.storedThrough());
    }
    publishView();
    notifyObserver(() -> observer.onEnd(timeline.snapshot()));
    log.info("stream ended app={} stream={} segments={} forcedCuts={}", app, name,
        timeline.nextSequenceNumber(), forcedCuts);
  }

  /** Releases the stream's stored segments. */
  public synchronized void release() {
    store.removeStream(path);
  }

  /**
   * From the arrival of the sample that completes a segment or part to the view that lists it
   * (stored, listed, waiters woken): the origin's own share of the availability delay.
   */
  public DelayHistogram availabilityDelay() {
    return availabilityDelay;
  }

  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  public synchronized long forcedCuts() {
    return forcedCuts;
  }

  public synchronized long bytesIn() {
    return bytesIn;
  }

  /** Adds to the count of media bytes received from publishers. */
  public synchronized void countBytesIn(long n) {
    bytesIn += n;
  }

  // ---------------------------------------------------------------------------------------------
  // Media from the demux.

  private final class SessionSink implements MediaSink {
    @Override
    public void onDeclaredTracks(boolean hasVideo, boolean hasAudio) {
      synchronized (LiveStream.this) {
        declared = hasVideo || hasAudio;
        declaredVideo = hasVideo;
        declaredAudio = hasAudio;
      }
    }

    @Override
    public void onFormat(TrackFormat format) {
      synchronized (LiveStream.this) {
        onFormatLocked(format);
      }
    }

    @Override
    public void onSample(Sample sample) throws MalformedMediaException {
      synchronized (LiveStream.this) {
        onSampleLocked(sample);
      }
    }

    @Override
    public void onDiscontinuity() {
      synchronized (LiveStream.this) {
        if (periodStarted) {
          log.info("timestamp discontinuity app={} stream={}", app, name);
          breakTiming(/* resetOffset= */ true);
        }
      }
    }
  }

  private void onFormatLocked(TrackFormat format) {
    if (format.type() == TrackType.VIDEO) {
      latestVideo = format;
    } else {
      latestAudio = format;
    }
    if (!periodStarted) {
      return;
    }
    TrackFormat current = format.type() == TrackType.VIDEO ? video : audio;
    if (current == null || !Arrays.equals(current.config().privateData(),
        format.config().privateData())) {
      // New codec parameters: a new period with new init segments; timing continues.
      log.info("track format changed app={} stream={} track={} codec={}", app, name,
          format.type(), format.config().codecString());
      breakTiming(/* resetOffset= */ false);
    }
  }

  private void onSampleLocked(Sample sample) throws MalformedMediaException {
    sampleArrivedNanos = System.nanoTime();
    if (!periodStarted) {
      pending.add(sample);
      if (readyToStart()) {
        startPeriod();
        List<Sample> queued = new ArrayList<>(pending);
        pending.clear();
        for (Sample s : queued) {
          process(s);
        }
      } else if (pending.size() > MAX_PENDING_SAMPLES) {
        pending.removeFirst();
        droppedSamples++;
      }
      return;
    }
    process(sample);
  }

  private boolean readyToStart() {
    boolean haveVideo = latestVideo != null;
    boolean haveAudio = latestAudio != null;
    if (!haveVideo && !haveAudio) {
      return false;
    }
    if (declared && (declaredVideo == haveVideo || !declaredVideo)
        && (declaredAudio == haveAudio || !declaredAudio)) {
      return true;
    }
    if (!declared && haveVideo && haveAudio) {
      return true;
    }
    // Undeclared or missing tracks: start after a bounded wait with what we have.
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Sample s : pending) {
      long t = toTimeline90kRaw(s);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
    boolean waited = last - first >= MAX_START_WAIT_90K || pending.size() >= MAX_PENDING_SAMPLES;
    if (waited) {
      log.warn("starting without all tracks app={} stream={} declaredVideo={} declaredAudio={} "
          + "video={} audio={}", app, name, declaredVideo, declaredAudio, haveVideo, haveAudio);
    }
    return waited;
  }

  private long toTimeline90kRaw(Sample s) {
    TrackFormat f = s.trackId() == TrackFormat.VIDEO_TRACK_ID ? latestVideo : latestAudio;
    return f == null ? s.dtsTicks() : f.to90k(s.dtsTicks());
  }

  private void startPeriod() {
    video = latestVideo;
    audio = latestAudio;
    segmenter = new Segmenter(new SegmentPolicy(settings.segmentDuration90k(), video != null));
    tsWriter = new TsSegmentWriter(video, audio);
    newTrackWriters();
    periodStarted = true;
    log.info("stream packaging app={} stream={} video={} audio={}", app, name,
        video == null ? "none" : video.config().codecString(),
        audio == null ? "none" : audio.config().codecString());
  }

  /**
   * Finishes the open segment and makes the next one start a new period: new formats (those last
   * announced), a new timing sequence when {@code resetOffset}, EXT-X-DISCONTINUITY and a new
   * DASH Period.
   */
  private void breakTiming(boolean resetOffset) {
    if (segmentOpen) {
      closeSegment(estimatedEnd90k());
    }
    if (resetOffset) {
      offsetKnown = false;
    }
    droppedSamples += preroll.size();
    preroll.clear();
    nextSegmentDiscontinuity = timeline.nextSequenceNumber() > 0;
    if (latestVideo != null) {
      video = latestVideo;
    }
    if (latestAudio != null) {
      audio = latestAudio;
    }
    tsWriter = new TsSegmentWriter(video, audio);
    newTrackWriters();
    segmenter.reset();
  }

  /** CMAF writers for the period's formats; chunk sequence numbers continue across periods. */
  private void newTrackWriters() {
    long partMicros = settings.partTargetMicros();
    long segmentMicros = settings.segmentDuration().toNanos() / 1_000;
    videoOut = video == null ? null : new CmafTrackWriter(video, partMicros,
        videoOut == null ? 1 : videoOut.nextChunkSequence(), segmentMicros);
    audioOut = audio == null ? null : new CmafTrackWriter(audio,
        CmafTrackWriter.partTargetMicros(audio, partMicros),
        audioOut == null ? 1 : audioOut.nextChunkSequence(), segmentMicros);
  }

  private void process(Sample raw) throws MalformedMediaException {
    TrackFormat format = raw.trackId() == TrackFormat.VIDEO_TRACK_ID ? video : audio;
    if (format == null) {
      droppedSamples++;
      return;
    }
    boolean isVideo = format.type() == TrackType.VIDEO;
    if (!offsetKnown) {
      boolean canStart = isVideo ? raw.keyframe() : video == null;
      if (!canStart) {
        if (!isVideo) {
          holdPreroll(raw);
        } else {
          droppedSamples++;
        }
        return;
      }
      establishOffset(format, raw);
      processTimed(format, raw, isVideo);
      replayPreroll(format, raw);
      return;
    }
    processTimed(format, raw, isVideo);
  }

  /**
   * Audio that arrives before the keyframe a segment starts on (FLV interleaving puts audio of
   * the same instant first) is held briefly instead of dropped, so the audio track starts with
   * the picture rather than a frame or two after it.
   */
  private void holdPreroll(Sample audioSample) {
    preroll.add(audioSample);
    while (preroll.size() > MAX_PREROLL_FRAMES) {
      preroll.removeFirst();
      droppedSamples++;
    }
  }

  /** Writes the held audio from one frame before the starting keyframe on; drops the rest. */
  private void replayPreroll(TrackFormat keyframeFormat, Sample keyframe)
      throws MalformedMediaException {
    if (preroll.isEmpty() || audio == null) {
      preroll.clear();
      return;
    }
    long fromTicks = Math.floorDiv((keyframeFormat.to90k(keyframe.dtsTicks()) + videoDelay90k)
        * audio.timescale(), 90_000L) - AacConfig.SAMPLES_PER_FRAME;
    List<Sample> held = new ArrayList<>(preroll);
    preroll.clear();
    for (Sample a : held) {
      if (a.dtsTicks() >= fromTicks) {
        processTimed(audio, a, false);
      } else {
        droppedSamples++;
      }
    }
  }

  private void processTimed(TrackFormat format, Sample raw, boolean isVideo)
      throws MalformedMediaException {
    long shiftTicks = isVideo ? offset90k : Math.floorDiv(offset90k * format.timescale(), 90_000L);
    long dts = raw.dtsTicks() + shiftTicks;
    int compositionOffset = raw.compositionOffsetTicks();
    if (isVideo) {
      // Signed composition offsets (trun version 1, ISO/IEC 14496-12 8.8.8.3) let the keyframe
      // a segment starts with present at its own decode time: each segment's earliest
      // presentation time is then its tfdt, its S@t in the MPD and, for the first, the Period
      // start, so a B-frame stream leaves no gap for a DASH player to jump (ffmpeg's
      // negative_cts_offsets, the "signed" CMAF offsets of packagers). Presentation times are
      // unchanged: audio stays in sync, and MPEG-TS gets the original decode times back below.
      dts += videoDelay90k;
      compositionOffset -= (int) videoDelay90k;
    }
    if (isVideo && lastVideoDts90k != Long.MIN_VALUE && dts <= lastVideoDts90k) {
      // Millisecond timestamps can repeat at high frame rates; decode times must strictly
      // increase (MP4 sample durations > 0), so nudge the dts and keep the presentation time.
      long nudged = lastVideoDts90k + 1;
      compositionOffset += (int) (dts - nudged);
      dts = nudged;
    }
    Sample sample = new Sample(raw.trackId(), dts, compositionOffset, raw.keyframe(),
        raw.data());
    if (!isVideo && lastAudioEndTicks != Long.MIN_VALUE && sample.dtsTicks() < lastAudioEndTicks) {
      // Overlaps audio already packaged (a reconnect's first frames): CMAF audio must not go back.
      droppedSamples++;
      return;
    }
    SegmentDecision decision = segmenter.onSample(format, sample);
    long t90k = format.to90k(sample.dtsTicks());
    if (timeline.nextSequenceNumber() == 0 && lastEnd90k == Long.MIN_VALUE) {
      refineWallAnchor(t90k);
    }
    switch (decision) {
      case DROP:
        droppedSamples++;
        return;
      case START_FIRST:
        openSegment(t90k, true);
        break;
      case CUT_ON_KEYFRAME:
      case FORCED_CUT:
        if (segmentOpen) {
          closeSegment(t90k);
        }
        if (decision == SegmentDecision.FORCED_CUT) {
          forcedCuts++;
          if (forcedCuts == 1 || forcedCuts % 100 == 0) {
            log.warn("GOP longer than target duration app={} stream={} forcedCuts={}: set the "
                + "encoder keyframe interval to the segment duration", app, name, forcedCuts);
          }
        }
        openSegment(t90k, decision == SegmentDecision.CUT_ON_KEYFRAME);
        break;
      case CONTINUE:
        if (!segmentOpen) {
          droppedSamples++;
          return;
        }
        break;
      default:
        throw new IllegalStateException("decision " + decision);
    }
    // MPEG-TS keeps the publisher's decode times: a PES PTS never precedes its DTS.
    tsWriter.writeSample(format, isVideo && videoDelay90k != 0 ? publisherTiming(sample) : sample);
    if (isVideo) {
      if (lastVideoDts90k != Long.MIN_VALUE && t90k > lastVideoDts90k) {
        lastVideoFrame90k = t90k - lastVideoDts90k;
      }
      lastVideoDts90k = t90k;
      videoOut.add(sample, this::onPart);
    } else {
      audioOut.add(sample, this::onPart);
      lastAudioEndTicks = sample.dtsTicks() + AacConfig.SAMPLES_PER_FRAME;
    }
  }

  /** A video sample with the publisher's decode time again: dts and offset without the delay. */
  private Sample publisherTiming(Sample video) {
    return new Sample(video.trackId(), video.dtsTicks() - videoDelay90k,
        video.compositionOffsetTicks() + (int) videoDelay90k, video.keyframe(), video.data());
  }

  /**
   * Until the first segment is listed, the wall-clock anchor follows the earliest arrival. An
   * encoder's first frames often come late (start-up, then a burst to catch up); an anchor taken
   * from the very first one would put every later program date time, and the DASH
   * availabilityStartTime, after the arrival of its media, and players that hold a latency
   * against them would sit that much further behind the live edge than they aim to.
   */
  private void refineWallAnchor(long time90k) {
    Instant implied = clock.instant().minusNanos((time90k - anchor90k) * 100_000L / 9);
    if (implied.isBefore(wallAnchor)) {
      wallAnchor = implied;
    }
  }

  private void establishOffset(TrackFormat format, Sample first) {
    videoDelay90k = format.type() == TrackType.VIDEO ? first.compositionOffsetTicks() : 0;
    long first90k = format.to90k(first.dtsTicks()) + videoDelay90k;
    if (lastEnd90k == Long.MIN_VALUE) {
      offset90k = 0;
      wallAnchor = clock.instant();
      anchor90k = first90k;
    } else {
      long wallNow90k = anchor90k + Duration.between(wallAnchor, clock.instant()).toMillis() * 90;
      offset90k = Math.max(lastEnd90k, wallNow90k) - first90k;
    }
    offsetKnown = true;
    lastVideoDts90k = Long.MIN_VALUE;
  }

  private void openSegment(long start90k, boolean independent) {
    segmentOpen = true;
    segmentStart90k = start90k;
    segmentIndependent = independent;
    long seq = timeline.nextSequenceNumber();
    if (seq == 0 || nextSegmentDiscontinuity || periods.isEmpty()) {
      // Before the first part: LL-HLS lists the open segment's parts with their init segment.
      startPeriodRecord(seq);
    }
    if (videoOut != null) {
      videoOut.startSegment(seq);
    }
    if (audioOut != null) {
      audioOut.startSegment(seq);
    }
    tsWriter.startSegment();
  }

  private long estimatedEnd90k() {
    long end = segmentStart90k + 1;
    if (videoOut != null && !videoOut.isEmpty()) {
      end = Math.max(end, lastVideoDts90k + lastVideoFrame90k);
    }
    if (audioOut != null && !audioOut.isEmpty() && video == null) {
      end = Math.max(end, audio.to90k(lastAudioEndTicks));
    }
    return end;
  }

  private void closeSegment(long end90k) {
    long duration90k = end90k - segmentStart90k;
    boolean noVideo = videoOut == null || videoOut.isEmpty();
    boolean noAudio = audioOut == null || audioOut.isEmpty();
    if (duration90k <= 0 || (noVideo && noAudio)) {
      segmentOpen = false;
      return;
    }
    long seq = timeline.nextSequenceNumber();
    boolean discontinuity = nextSegmentDiscontinuity;
    int tsSize = tsWriter.segmentSize(); // written when stored, below
    List<TrackSegment> tracks = new ArrayList<>(2);
    // The segment's last parts (video and audio) are published together, in one view that still
    // lists the segment as open with all its parts, before the view that lists it complete: no
    // view lists a part of a segment without the segment or the open segment holding it (a
    // playlist going backwards for LL-HLS players), and a player's reload for the last part is
    // answered as for any other part, with the part alone; the complete segment reaches it with
    // the next segment's first part.
    closingSegment = true;
    try {
      if (!noVideo) {
        List<byte[]> chunks = videoOut.finishSegment(end90k, this::onPart); // 90 kHz video
        tracks.add(storeTrackSegment(videoOut, seq, chunks, end90k, videoMeter));
      }
      if (!noAudio) {
        List<byte[]> chunks = audioOut.finishSegment(lastAudioEndTicks, this::onPart);
        tracks.add(storeTrackSegment(audioOut, seq, chunks, lastAudioEndTicks, audioMeter));
      }
    } finally {
      closingSegment = false;
    }
    if (settings.lowLatency() && !timeline.snapshot().segments().isEmpty()) {
      lastPartsListed = true;
      publishView();
      lastPartsListed = false;
    }
    segmentOpen = false;
    storeTs(SegmentNames.ts(epoch, seq));
    tsMeter.add(tsSize, duration90k, 90_000);

    Instant pdt = programDateTime(segmentStart90k);
    SegmentEntry entry = new SegmentEntry(seq, segmentStart90k, duration90k, pdt, discontinuity,
        segmentIndependent, tsSize, tracks);
    if (timeline.snapshot().targetDurationSeconds() == 0) {
      int td = segmenter.targetDurationSeconds().orElse(
          (int) Math.max(Math.ceil(settings.segmentDuration().toMillis() / 1000.0),
              Math.round(duration90k / 90_000.0)));
      timeline.setTargetDuration(td);
    }
    nextSegmentDiscontinuity = false;
    lastEnd90k = end90k;
    List<SegmentEntry> removed = timeline.append(entry);
    notifyObserver(() -> observer.onSegment(entry, periods.floorEntry(seq).getValue(),
        timeline.snapshot()));
    publishedMedia90k += duration90k;
    long releasedBefore = retire(removed, entry);
    if (dvr != null) {
      dvr.append(entry);
      timeShift = dvr.listing(timeline.snapshot(), oldestInMemory(),
          timeShiftSource.storedThrough());
      releasedBefore = Math.min(releasedBefore, dvr.oldestListed());
    }
    prunePeriods(releasedBefore);
    pruneParts(seq);
    publishView();
    log.debug("segment stored app={} stream={} seq={} duration={}s ts={}B", app, name, seq,
        duration90k / 90_000.0, tsSize);
  }

  /**
   * Finishes the open MPEG-TS segment into the store: its packets go straight into the store's
   * memory, unless an observer needs the bytes as an array.
   */
  private void storeTs(String name) {
    if (observer == StreamObserver.NONE) {
      store.putWritten(key(name), tsWriter.segmentSize(), tsWriter::finishSegment);
    } else {
      put(name, tsWriter.finishSegment());
    }
  }

  /** The wall-clock time of a point of the timeline. */
  private Instant programDateTime(long time90k) {
    return wallAnchor.plusNanos((time90k - anchor90k) * 100_000L / 9);
  }

  /**
   * Stores a track's CMAF segment, the concatenation of its chunks (RFC 8216bis 4.4.4.9): the
   * store copies them once into the segment's bytes, and the stored parts become slices of it,
   * so that memory holds those bytes once, not twice.
   */
  private TrackSegment storeTrackSegment(CmafTrackWriter out, long seq, List<byte[]> chunks,
      long endTicks, BitrateMeter meter) {
    TrackFormat f = out.format();
    String name = SegmentNames.cmafSegment(epoch, f.trackId(), seq);
    store.putJoined(key(name), chunks, partKeys(f.trackId(), seq, chunks.size()));
    if (observer != StreamObserver.NONE) {
      byte[] whole = ByteWriter.concat(chunks);
      notifyObserver(() -> observer.onObject(name, whole));
    }
    int size = ByteWriter.totalLength(chunks);
    long start = out.segmentStartTicks();
    meter.add(size, endTicks - start, f.timescale());
    return new TrackSegment(f.trackId(), start, endTicks - start, f.timescale(), size);
  }

  /**
   * The keys of the stored parts of a track's segment, in order: one per chunk, or none when
   * parts are not stored (low latency off).
   */
  private List<SegmentKey> partKeys(int trackId, long seq, int chunkCount) {
    List<SegmentKey> keys = new ArrayList<>(chunkCount);
    for (PartEntry p : recentParts) {
      if (p.trackId() == trackId && p.segmentSequence() == seq) {
        keys.add(key(SegmentNames.cmafPart(epoch, trackId, seq, p.partIndex())));
      }
    }
    return keys.size() == chunkCount ? keys : List.of();
  }

  /** A finished LL-HLS part: stored, listed, and published at once (when LL is on). */
  private void onPart(PartEntry part, byte[] bytes) {
    if (settings.partTargetMicros() <= 0) {
      return;
    }
    // On the heap as it is, until the segment's bytes take it in (storeTrackSegment).
    store.putTransient(key(SegmentNames.cmafPart(epoch, part.trackId(),
        part.segmentSequence(), part.partIndex())), bytes);
    recentParts.add(part);
    if (!closingSegment && !timeline.snapshot().segments().isEmpty()) {
      publishView();
    }
  }

  /**
   * Parts are listed for the last three segments or so (RFC 8216bis 6.2.2: they SHOULD leave
   * the playlist once more than three target durations old) and stay downloadable for as long
   * again, then their bytes are released.
   */
  private void pruneParts(long lastCompleteSequence) {
    long keepFrom = lastCompleteSequence - 2 * PART_LIST_SEGMENTS;
    while (!recentParts.isEmpty() && recentParts.peekFirst().segmentSequence() < keepFrom) {
      PartEntry old = recentParts.removeFirst();
      store.remove(key(SegmentNames.cmafPart(epoch, old.trackId(), old.segmentSequence(),
          old.partIndex())));
    }
  }

  private void startPeriodRecord(long seq) {
    StreamFormatsAt previous = periods.put(seq, new StreamFormatsAt(seq, video, audio));
    publishedPeriods = null;
    if (previous != null) {
      // An opened segment that received no sample: its period is recorded again, maybe with
      // other formats, under the same (never listed) init names.
      removeInits(previous);
    }
    if (video != null) {
      put(SegmentNames.cmafInit(epoch, video.trackId(), seq),
          InitSegmentWriter.write(video));
    }
    if (audio != null) {
      put(SegmentNames.cmafInit(epoch, audio.trackId(), seq),
          InitSegmentWriter.write(audio));
    }
  }

  /**
   * Segments that left the playlist stay downloadable for their own duration plus the
   * playlist's (RFC 8216 6.2.2: "a period of time equal to the duration of the segment plus the
   * duration of the longest Playlist file ... containing that segment"), counted in published
   * media time from the moment it left, against the last playlist that listed it; then their
   * bytes are released, those of a time-shifted stream only once their files are on disk, so
   * that a disk that lags a while never opens a hole in the window. With segments of one
   * duration that is the playlist's count of segments plus one.
   *
   * @return the oldest segment memory still holds, or {@link Long#MIN_VALUE} when none was
   *     released
   */
  private long retire(List<SegmentEntry> removed, SegmentEntry appended) {
    if (!removed.isEmpty()) {
      // The last playlist that listed them: today's window without the segment just added,
      // with the removed ones.
      long lastListing90k = -appended.duration90k();
      for (SegmentEntry e : timeline.snapshot().segments()) {
        lastListing90k += e.duration90k();
      }
      for (SegmentEntry e : removed) {
        lastListing90k += e.duration90k();
      }
      for (SegmentEntry e : removed) {
        Retired r = new Retired(e, publishedMedia90k + e.duration90k() + lastListing90k);
        retired.add(r);
        retiredTs.add(r);
      }
    }
    while (!retiredTs.isEmpty() && retiredTs.peekFirst().releaseAt90k() <= publishedMedia90k) {
      store.remove(key(SegmentNames.ts(epoch, retiredTs.removeFirst().entry().sequenceNumber())));
    }
    long oldestKept = Long.MIN_VALUE;
    while (!retired.isEmpty() && retired.peekFirst().releaseAt90k() <= publishedMedia90k
        && releasable(retired.peekFirst().entry())) {
      SegmentEntry old = retired.removeFirst().entry();
      for (TrackSegment t : old.tracks()) {
        store.remove(key(SegmentNames.cmafSegment(epoch, t.trackId(), old.sequenceNumber())));
      }
      oldestKept = retired.isEmpty() ? old.sequenceNumber() + 1
          : retired.peekFirst().entry().sequenceNumber();
    }
    return oldestKept;
  }

  /** A segment that left the playlist, and the published media time at which it may go. */
  private record Retired(SegmentEntry entry, long releaseAt90k) {}

  /**
   * Drops the periods (and their init segments) that end before segment {@code oldestNeeded}:
   * no stored or listed segment refers to them any more.
   */
  private void prunePeriods(long oldestNeeded) {
    while (periods.size() > 1) {
      Map.Entry<Long, StreamFormatsAt> first = periods.firstEntry();
      Long nextStart = periods.higherKey(first.getKey());
      if (nextStart == null || nextStart > oldestNeeded) {
        break;
      }
      removeInits(periods.pollFirstEntry().getValue());
      publishedPeriods = null;
    }
  }

  /**
   * Whether memory may release a segment: always, unless the stream is time-shifted and the
   * observer has yet to store it (a stopped observer never will: memory stays bounded).
   */
  private boolean releasable(SegmentEntry segment) {
    return timeShiftSource == null || segment.sequenceNumber() <= timeShiftSource.storedThrough()
        || timeShiftSource.stopped();
  }

  /** The oldest segment whose bytes memory holds: the oldest retired, else the oldest listed. */
  private long oldestInMemory() {
    return retired.isEmpty() ? timeline.snapshot().mediaSequence()
        : retired.peekFirst().entry().sequenceNumber();
  }

  private void removeInits(StreamFormatsAt p) {
    if (p.video() != null) {
      store.remove(key(SegmentNames.cmafInit(epoch, p.video().trackId(), p.firstSequenceNumber())));
    }
    if (p.audio() != null) {
      store.remove(key(SegmentNames.cmafInit(epoch, p.audio().trackId(), p.firstSequenceNumber())));
    }
  }

  /** Stores an object that outlives the live window's parts, and shows it to the observer. */
  private void put(String name, byte[] bytes) {
    store.put(key(name), bytes);
    notifyObserver(() -> observer.onObject(name, bytes));
  }

  private void notifyObserver(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      if (!observerFailed) {
        log.warn("stream observer failed app={} stream={}: {}", app, name, e.toString());
        observerFailed = true;
      }
    }
  }

  private SegmentKey key(String name) {
    return new SegmentKey(path, name);
  }

  private void publishView() {
    TimelineSnapshot snapshot = timeline.snapshot();
    if (snapshot != periodStartsOf) { // a new segment, not just a part
      dashPeriodStarts = dashPeriodStarts.advance(snapshot);
      periodStartsOf = snapshot;
    }
    if (publishedPeriods == null) { // views share it until the periods change
      publishedPeriods = Collections.unmodifiableNavigableMap(new TreeMap<>(periods));
    }
    StreamView previous = view;
    Instant ast = previous != null ? previous.availabilityStartTime()
        : snapshot.segments().get(0).programDateTime();
    long ast90k = previous != null ? previous.availabilityStart90k()
        : snapshot.segments().get(0).start90k();
    long lastComplete = snapshot.lastSegment().sequenceNumber();
    List<PartEntry> listedParts = new ArrayList<>();
    for (PartEntry p : recentParts) {
      if (p.segmentSequence() > lastComplete - PART_LIST_SEGMENTS) {
        listedParts.add(p);
      }
    }
    StreamView published = new StreamView(this.path, snapshot, publishedPeriods,
        dashPeriodStarts,
        settings.playlistSegments(), ast,
        ast90k, tsMeter.snapshot(), videoMeter.snapshot(), audioMeter.snapshot(),
        new LowLatencyView(settings.partTargetMicros(), listedParts,
            segmentOpen ? new LowLatencyView.OpenSegment(timeline.nextSequenceNumber(),
                nextSegmentDiscontinuity, programDateTime(segmentStart90k), segmentStart90k,
                lastPartsListed)
                : null,
            audioOut == null ? 0 : audioOut.partTargetMicros(), publishing),
        timeShift, ++viewVersion);
    view = published;
    if (previous != null) {
      previous.supersede(published);
    }
    if (sampleArrivedNanos != 0) {
      availabilityDelay.record(System.nanoTime() - sampleArrivedNanos);
    }
  }

  /** Accumulates bits and durations of one rendition's segments. */
  private static final class BitrateMeter {
    private long totalBits;
    private double totalSeconds;
    private long peak;

    void add(long bytes, long durationTicks, int timescale) {
      double seconds = durationTicks / (double) timescale;
      if (seconds <= 0) {
        return;
      }
      totalBits += bytes * 8;
      totalSeconds += seconds;
      // A very short segment (a publisher leaving mid-GOP) would overstate the peak.
      if (seconds >= 0.5) {
        peak = Math.max(peak, Math.round(bytes * 8 / seconds));
      }
    }

    TrackBitrate snapshot() {
      long average = totalSeconds > 0 ? Math.round(totalBits / totalSeconds) : 0;
      return new TrackBitrate(Math.max(peak, average), average);
    }
  }
}
