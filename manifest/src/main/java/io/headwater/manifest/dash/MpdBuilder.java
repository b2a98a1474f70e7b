package io.headwater.manifest.dash;

import io.headwater.manifest.hls.MultivariantBandwidth;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link Mpd} of a stream from its timeline snapshot, following the DASH-IF restricted
 * timing model with explicit addressing ({@code SegmentTimeline} and {@code $Number$}).
 *
 * <ul>
 *   <li>Live: {@code type="dynamic"} with availabilityStartTime, publishTime (the snapshot's
 *       time), minimumUpdatePeriod, timeShiftBufferDepth, suggestedPresentationDelay,
 *       minBufferTime and an http-iso UTCTiming. Ended: {@code type="static"} with
 *       mediaPresentationDuration and none of the live-only attributes (23009-1 Table 3).
 *   <li>A Period starts at the first listed segment and at every segment with
 *       {@code discontinuity=true}. Its id is {@code "p" + first sequence number}, its start the
 *       first segment's 90 kHz start minus {@code availabilityStartTime90k} (rounded down to the
 *       millisecond). With {@link DashPeriodStarts}, a Period whose first segment scrolled out of
 *       the window keeps its id, start, offsets and init segment.
 *   <li>presentationTimeOffset of every track is the Period's start instant expressed in the
 *       track's timescale (rounded up, which gives the exact {@code tfdt} for the track that
 *       defines segment starts). One instant for all tracks keeps audio and video in sync where
 *       the first audio frame does not start exactly with the first video frame.
 *   <li>A Period has a video (audio) AdaptationSet when the formats in force at its first listed
 *       segment include video (audio) and every listed segment of the Period carries that track
 *       with a positive duration. The timeline starts a new Period when formats change, so this
 *       drops a track only from a malformed window; DASH-IF forbids announcing missing segments.
 *   <li>The static mediaPresentationDuration is where the last listed segment ends on the
 *       presentation timeline for the track that ends last, rounded up to the millisecond, and
 *       the last segment of every other track is announced (its last S@d) up to there. Tracks
 *       end a little apart (audio frames do not fall on video frames; a publisher that stops
 *       right after a keyframe leaves a one-frame video segment after the audio's end), and the
 *       players need both: Shaka ends a track only once its segments reach the duration (it
 *       waited forever 1 ms short of it), and dash.js pauses at the duration without firing
 *       {@code ended} when a track's media runs past it (MSE endOfStream sets the element's
 *       duration to the longest track's end).
 *   <li>Low-latency live: every AdaptationSet carries a ProducerReferenceTime that ties its
 *       Period's start to the wall clock the HLS program date times follow.
 * </ul>
 *
 * <p>The profile is isoff-live only: the CMAF profile (urn:mpeg:dash:profile:cmaf:2019) would
 * promise CMAF conformance of the segments (brands, header constraints) that this class cannot
 * check. Stateless and thread-safe.
 */
public final class MpdBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(MpdBuilder.class);
  private static final long TIMESCALE_90K = 90_000;
  private static final String AUDIO_LANGUAGE_UNDETERMINED = "und";

  /**
   * Builds the MPD.
   *
   * @throws IllegalArgumentException when the window is empty (an MPD needs a Period; serve 404
   *     until the first segment exists), or a Period would start before availabilityStartTime
   */
  public Mpd build(DashInput input) {
    TimelineSnapshot snapshot = input.snapshot();
    List<SegmentEntry> segments = snapshot.segments();
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("stream " + snapshot.epoch() + " lists no segment yet");
    }
    List<Period> periods = new ArrayList<>();
    Duration presentationEnd = null;
    int first = 0;
    while (first < segments.size()) {
      int end = first + 1;
      while (end < segments.size() && !segments.get(end).discontinuity()) {
        end++;
      }
      List<SegmentEntry> group = segments.subList(first, end);
      DashPeriodStarts.PeriodStart start = input.periodStarts().periodOf(group.get(0));
      boolean last = end == segments.size();
      if (last && snapshot.ended()) {
        presentationEnd = presentationEnd(snapshot.lastSegment(), start.start90k(),
            periodStart(input, start));
      }
      periods.add(period(input, start, group, last ? announcedSegments(input) : 0,
          last ? presentationEnd : null));
      first = end;
    }
    DashOptions options = input.options();
    List<String> profiles = List.of(Mpd.PROFILE_ISOFF_LIVE);
    if (snapshot.ended()) {
      return new Mpd(Mpd.Type.STATIC, profiles, input.availabilityStartTime(), snapshot.updated(),
          presentationEnd, null, options.minBufferTime(), null, null, periods,
          List.of());
    }
    return new Mpd(Mpd.Type.DYNAMIC, profiles, input.availabilityStartTime(), snapshot.updated(),
        null, options.minimumUpdatePeriod(), options.minBufferTime(),
        options.timeShiftBufferDepth(), options.suggestedPresentationDelay(), periods,
        List.of(UtcTiming.httpIso(options.utcTimingUrl())),
        options.lowLatency() == null ? List.of()
            : List.of(options.lowLatency().serviceDescription()));
  }

  /**
   * Where {@code last} ends for the track that ends last, in whole milliseconds since
   * availabilityStartTime, rounded up: each track's end as a player computes it (Period start
   * plus the track's end less its presentationTimeOffset, over its timescale); never at or
   * before the start of the last Period.
   */
  static Duration presentationEnd(SegmentEntry last, long periodStart90k, Duration periodStart) {
    long endMillis = endMillis(periodStart, periodStart90k,
        Math.addExact(last.start90k(), last.duration90k()), TIMESCALE_90K);
    for (TrackSegment track : last.tracks()) {
      if (track.durationTicks() > 0) {
        endMillis = Math.max(endMillis, endMillis(periodStart, periodStart90k,
            Math.addExact(track.startTicks(), track.durationTicks()), track.timescale()));
      }
    }
    return Duration.ofMillis(Math.max(endMillis, periodStart.toMillis() + 1));
  }

  private static long endMillis(Duration periodStart, long periodStart90k, long endTicks,
      long timescale) {
    long sincePeriodStart = Math.subtractExact(endTicks,
        presentationTimeOffset(periodStart90k, timescale));
    return periodStart.toMillis()
        - Math.floorDiv(-Math.multiplyExact(sincePeriodStart, 1000L), timescale);
  }

  /**
   * The track's segments with the last one announced up to {@code presentationEnd} at least:
   * its end in the track's timescale, rounded up.
   */
  private static List<TrackSegment> reachingTheEnd(List<TrackSegment> tracks,
      DashPeriodStarts.PeriodStart start, Duration periodStart, Duration presentationEnd) {
    TrackSegment lastSegment = tracks.get(tracks.size() - 1);
    long timescale = lastSegment.timescale();
    long endTicks = presentationTimeOffset(start.start90k(), timescale) - Math.floorDiv(
        -Math.multiplyExact(presentationEnd.minus(periodStart).toMillis(), timescale), 1000L);
    long missing = endTicks - (lastSegment.startTicks() + lastSegment.durationTicks());
    if (missing <= 0) {
      return tracks;
    }
    List<TrackSegment> out = new ArrayList<>(tracks);
    out.set(out.size() - 1, new TrackSegment(lastSegment.trackId(), lastSegment.startTicks(),
        lastSegment.durationTicks() + missing, lastSegment.timescale(), lastSegment.sizeBytes()));
    return out;
  }

  /** The Period start instant in a track's timescale, rounded up (see the class comment). */
  private static long presentationTimeOffset(long periodStart90k, long timescale) {
    return -Math.floorDiv(-Math.multiplyExact(periodStart90k, timescale), TIMESCALE_90K);
  }

  /** How many segments after the last complete one are announced (LowLatencyDash). */
  private static int announcedSegments(DashInput input) {
    LowLatencyDash ll = input.options().lowLatency();
    return ll == null || input.snapshot().ended() ? 0 : ll.announcedSegments();
  }

  private static Duration periodStart(DashInput input, DashPeriodStarts.PeriodStart start) {
    return XsDuration.floorMillis(
        sinceAvailabilityStart(input, start.start90k(), "period p" + start.sequenceNumber()),
        TIMESCALE_90K);
  }

  /**
   * @param presentationEnd for the last Period of an ended stream, where the presentation ends:
   *     every track's last segment is announced up to there at least; otherwise null
   */
  private static Period period(DashInput input, DashPeriodStarts.PeriodStart start,
      List<SegmentEntry> group, int announcedSegments, Duration presentationEnd) {
    Duration periodStart = periodStart(input, start);
    long firstListed = group.get(0).sequenceNumber();
    StreamFormats formats = input.formatsAtSegment().apply(firstListed);
    if (formats == null) {
      throw new IllegalArgumentException("no formats known at segment " + firstListed);
    }
    List<AdaptationSet> sets = new ArrayList<>(2);
    for (TrackFormat format : new TrackFormat[] {formats.videoOrNull(), formats.audioOrNull()}) {
      if (format == null) {
        continue;
      }
      List<TrackSegment> tracks = trackSegments(format, group);
      if (tracks == null) {
        LOG.debug("period p{}: track {} is missing from a listed segment; not announced",
            start.sequenceNumber(), format.trackId());
        continue;
      }
      for (int i = 0; i < announcedSegments; i++) {
        // Low-latency DASH: the segment being written (and the next), as long as the one before.
        TrackSegment before = tracks.get(tracks.size() - 1);
        tracks.add(new TrackSegment(before.trackId(), before.startTicks() + before.durationTicks(),
            before.durationTicks(), before.timescale(), 0));
      }
      if (presentationEnd != null) {
        tracks = reachingTheEnd(tracks, start, periodStart, presentationEnd);
      }
      sets.add(adaptationSet(input, start, firstListed, format, tracks));
    }
    return new Period("p" + start.sequenceNumber(), periodStart, sets);
  }

  /** The track's segments of the group, or null when one is missing or empty. */
  private static List<TrackSegment> trackSegments(TrackFormat format, List<SegmentEntry> group) {
    List<TrackSegment> tracks = new ArrayList<>(group.size());
    for (SegmentEntry segment : group) {
      TrackSegment track = segment.track(format.trackId());
      if (track == null || track.durationTicks() <= 0) {
        return null;
      }
      if (track.timescale() != format.timescale()) {
        throw new IllegalArgumentException("segment " + segment.sequenceNumber() + " track "
            + format.trackId() + " timescale " + track.timescale() + " differs from the format's "
            + format.timescale());
      }
      tracks.add(track);
    }
    return tracks;
  }

  private static AdaptationSet adaptationSet(DashInput input, DashPeriodStarts.PeriodStart start,
      long firstListed, TrackFormat format, List<TrackSegment> tracks) {
    int trackId = format.trackId();
    String epoch = input.snapshot().epoch();
    long presentationTimeOffset = presentationTimeOffset(start.start90k(), format.timescale());
    SegmentTemplate template = new SegmentTemplate(
        format.timescale(),
        SegmentNames.cmafInit(epoch, trackId, start.sequenceNumber()),
        SegmentNames.cmafSegmentTemplate(epoch, trackId),
        firstListed,
        presentationTimeOffset,
        SegmentTimeline.encode(tracks),
        input.options().lowLatency() == null || input.snapshot().ended() ? null
            : input.options().lowLatency().availabilityTimeOffset(),
        input.options().lowLatency() == null || input.snapshot().ended() ? null : Boolean.FALSE);
    List<ProducerReferenceTime> prts = input.options().lowLatency() == null
        || input.snapshot().ended() ? List.of()
        : List.of(producerReferenceTime(input, trackId, presentationTimeOffset,
            format.timescale()));
    Long measured = input.bitrateByTrack().get(trackId);
    long bandwidth = MultivariantBandwidth.orEstimate(measured == null ? 0 : measured, format);
    String id = SegmentNames.trackDir(trackId);
    String codecs = format.config().codecString();
    if (format.type() == TrackType.VIDEO && format.config() instanceof AvcConfig avc) {
      String frameRate = DashFrameRate.format(avc.frameRateMilli());
      Representation representation = new Representation(
          id, codecs, bandwidth, avc.width(), avc.height(), frameRate, 0);
      return new AdaptationSet(trackId, TrackType.VIDEO, avc.width(), avc.height(), frameRate,
          null, 0, template, List.of(representation), prts);
    }
    if (format.config() instanceof AacConfig aac) {
      Representation representation =
          new Representation(id, codecs, bandwidth, 0, 0, null, aac.sampleRate());
      return new AdaptationSet(trackId, TrackType.AUDIO, 0, 0, null, AUDIO_LANGUAGE_UNDETERMINED,
          aac.channels(), template, List.of(representation), prts);
    }
    throw new IllegalArgumentException("no DASH mapping for " + format.codec());
  }

  /**
   * The ProducerReferenceTime of a low-latency live AdaptationSet (ISO/IEC 23009-1 5.12): the
   * Period's start in the track's timescale (its presentationTimeOffset, so it stays the same in
   * every update of the MPD) and the wall-clock time of that instant on the stream's timeline:
   * availabilityStartTime plus the instant's distance from the availability start. The HLS
   * program date times follow the same clock (both come from the pipeline's wall-clock anchor,
   * the earliest arrival of the media at the origin), so the two protocols give one latency.
   * {@code type="encoder"}: that anchor is the arrival of the encoder's output, i.e. its output
   * time plus the network's transit; {@code "captured"} would claim a camera time we do not
   * know. The id is the AdaptationSet's.
   */
  private static ProducerReferenceTime producerReferenceTime(DashInput input, int trackId,
      long presentationTime, long timescale) {
    long sinceStartNanos = Math.subtractExact(nanos(presentationTime, timescale),
        nanos(input.availabilityStartTime90k(), TIMESCALE_90K));
    return new ProducerReferenceTime(trackId, ProducerReferenceTime.Type.ENCODER,
        input.availabilityStartTime().plusNanos(sinceStartNanos), presentationTime,
        UtcTiming.httpIso(input.options().utcTimingUrl()));
  }

  /** {@code ticks} of {@code timescale} in nanoseconds, rounded down, without overflow. */
  private static long nanos(long ticks, long timescale) {
    return Math.addExact(Math.multiplyExact(Math.floorDiv(ticks, timescale), 1_000_000_000L),
        Math.floorMod(ticks, timescale) * 1_000_000_000L / timescale);
  }

  private static long sinceAvailabilityStart(DashInput input, long time90k, String what) {
    long ticks = time90k - input.availabilityStartTime90k();
    if (ticks < 0) {
      throw new IllegalArgumentException(what + " at " + time90k
          + " (90 kHz) lies before availabilityStartTime90k " + input.availabilityStartTime90k());
    }
    return ticks;
  }
}
