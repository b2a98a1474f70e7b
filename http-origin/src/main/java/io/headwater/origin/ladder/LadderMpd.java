package io.headwater.origin.ladder;

import io.headwater.manifest.dash.AdaptationSet;
import io.headwater.manifest.dash.DashFrameRate;
import io.headwater.manifest.dash.DashInput;
import io.headwater.manifest.dash.DashOptions;
import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.manifest.dash.Mpd;
import io.headwater.manifest.dash.MpdBuilder;
import io.headwater.manifest.dash.Period;
import io.headwater.manifest.dash.Representation;
import io.headwater.manifest.dash.SegmentTemplate;
import io.headwater.manifest.dash.SegmentTimeline;
import io.headwater.manifest.dash.StreamFormats;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MPD of an ABR group: the top rendition's MPD (its Periods, timing and audio), whose video
 * AdaptationSet lists every rendition as a Representation with its own BaseURL ({@code
 * ../NAME/}) and SegmentTemplate, since each rendition is a stream with its own segment names and
 * numbers. DASH-IF IOP 3.2.2 wants segments of one AdaptationSet aligned: a rendition joins a
 * Period only with the segments whose start times are segment starts of the top rendition there
 * (renditions of one source with aligned keyframes have identical {@code tfdt}s); one that is
 * not aligned is left out of that Period.
 */
public final class LadderMpd {
  private static final Logger LOG = LoggerFactory.getLogger(LadderMpd.class);
  private static final MpdBuilder BUILDER = new MpdBuilder();
  private static final long TIMESCALE_90K = 90_000;

  private LadderMpd() {}

  /** The group MPD of {@code members} (top first), with the given clock URL. */
  public static Mpd build(List<Rendition> members, String utcTimingUrl) {
    Rendition top = members.get(0);
    StreamView view = top.view();
    Mpd base = BUILDER.build(dashInput(view, utcTimingUrl));
    Map<String, long[]> bounds = periodBounds(view);
    List<Period> periods = new ArrayList<>(base.periods().size());
    for (Period period : base.periods()) {
      long[] span = bounds.get(period.id());
      List<AdaptationSet> sets = new ArrayList<>(period.adaptationSets().size());
      for (AdaptationSet set : period.adaptationSets()) {
        sets.add(set.contentType() == TrackType.VIDEO
            ? videoSet(set, members, span, period.id())
            : relocated(set, top));
      }
      periods.add(new Period(period.id(), period.start(), sets));
    }
    return new Mpd(base.type(), base.profiles(), base.availabilityStartTime(),
        base.publishTime(), base.mediaPresentationDuration(), base.minimumUpdatePeriod(),
        base.minBufferTime(), base.timeShiftBufferDepth(), base.suggestedPresentationDelay(),
        periods, base.utcTimings());
  }

  /** The same DASH input the stream's own {@code index.mpd} is made from. */
  static DashInput dashInput(StreamView v, String utcTimingUrl) {
    TimelineSnapshot s = v.snapshot();
    Duration td = Duration.ofSeconds(s.targetDurationSeconds());
    Duration depth = td.multipliedBy(v.windowSegments());
    Duration delay = td.multipliedBy(3);
    if (delay.compareTo(depth) >= 0) {
      delay = depth.minus(td.dividedBy(2));
    }
    Map<Integer, Long> bitrates = new HashMap<>();
    bitrates.put(TrackFormat.VIDEO_TRACK_ID, v.videoBitrate().peak());
    bitrates.put(TrackFormat.AUDIO_TRACK_ID, v.audioBitrate().peak());
    return new DashInput(s, v.availabilityStartTime(), v.availabilityStart90k(), seq -> {
      StreamFormatsAt f = v.formatsAt(seq);
      return new StreamFormats(f.video(), f.audio());
    }, bitrates, new DashOptions(td, td, delay, depth, utcTimingUrl), v.dashPeriodStarts());
  }

  /**
   * Period id to {start90k, end90k} on the top rendition's timeline, split as {@link MpdBuilder}
   * splits: at discontinuities, ids {@code "p" + first sequence number}.
   */
  private static Map<String, long[]> periodBounds(StreamView view) {
    List<SegmentEntry> segments = view.snapshot().segments();
    DashPeriodStarts starts = view.dashPeriodStarts();
    Map<String, long[]> bounds = new HashMap<>();
    int first = 0;
    while (first < segments.size()) {
      int end = first + 1;
      while (end < segments.size() && !segments.get(end).discontinuity()) {
        end++;
      }
      DashPeriodStarts.PeriodStart start = starts.periodOf(segments.get(first));
      long end90k = end < segments.size() ? segments.get(end).start90k() : Long.MAX_VALUE;
      bounds.put("p" + start.sequenceNumber(), new long[] {start.start90k(), end90k,
          first, end});
      first = end;
    }
    return bounds;
  }

  private static AdaptationSet videoSet(AdaptationSet set, List<Rendition> members, long[] span,
      String periodId) {
    Rendition top = members.get(0);
    Representation topRepresentation = set.representations().get(0);
    List<Representation> representations = new ArrayList<>(members.size());
    representations.add(renamed(topRepresentation, top.name())
        .addressed(baseUrl(top), set.segmentTemplate()));
    List<SegmentEntry> topSegments = top.view().snapshot().segments()
        .subList((int) span[2], (int) span[3]);
    Set<Long> topStarts = new HashSet<>();
    for (SegmentEntry e : topSegments) {
      topStarts.add(e.start90k());
    }
    SegmentEntry topLast = topSegments.get(topSegments.size() - 1);
    topStarts.add(topLast.start90k() + topLast.duration90k());
    int maxWidth = set.maxWidth();
    int maxHeight = set.maxHeight();
    String frameRate = set.frameRate();
    for (Rendition r : members.subList(1, members.size())) {
      Representation representation = representation(r, span, topStarts);
      if (representation == null) {
        LOG.debug("ABR group MPD: rendition {} not aligned with {} in period {}; left out",
            r.stream().path(), top.stream().path(), periodId);
        continue;
      }
      representations.add(representation);
      maxWidth = Math.max(maxWidth, representation.width());
      maxHeight = Math.max(maxHeight, representation.height());
      if (frameRate != null && !frameRate.equals(representation.frameRate())) {
        frameRate = null;
      }
    }
    return new AdaptationSet(set.id(), set.contentType(), maxWidth, maxHeight, frameRate,
        set.lang(), set.audioChannels(), null, representations);
  }

  /**
   * Rendition {@code r} in the Period spanning {@code span} of the top rendition: its video
   * segments there, of one init segment, all starting where a top segment starts; null when it
   * has none.
   */
  private static Representation representation(Rendition r, long[] span, Set<Long> topStarts) {
    StreamView view = r.view();
    List<SegmentEntry> inSpan = new ArrayList<>();
    for (SegmentEntry e : view.snapshot().segments()) {
      TrackSegment video = e.track(TrackFormat.VIDEO_TRACK_ID);
      if (e.start90k() >= span[0] && e.start90k() < span[1] && video != null
          && video.durationTicks() > 0) {
        inSpan.add(e);
      }
    }
    if (inSpan.isEmpty()) {
      return null;
    }
    // The segments of the init segment in force at the last one, contiguous.
    SegmentEntry last = inSpan.get(inSpan.size() - 1);
    StreamFormatsAt formats = view.formatsAt(last.sequenceNumber());
    int from = inSpan.size() - 1;
    while (from > 0 && inSpan.get(from - 1).sequenceNumber()
        == inSpan.get(from).sequenceNumber() - 1
        && view.formatsAt(inSpan.get(from - 1).sequenceNumber()).firstSequenceNumber()
            == formats.firstSequenceNumber()) {
      from--;
    }
    List<TrackSegment> tracks = new ArrayList<>();
    for (SegmentEntry e : inSpan.subList(from, inSpan.size())) {
      if (!topStarts.contains(e.start90k())) {
        return null;
      }
      tracks.add(e.track(TrackFormat.VIDEO_TRACK_ID));
    }
    TrackFormat video = formats.video();
    if (video == null) {
      return null;
    }
    String epoch = view.snapshot().epoch();
    // The Period's start in the rendition's timescale, rounded up as MpdBuilder does it.
    long presentationTimeOffset = -Math.floorDiv(
        -Math.multiplyExact(span[0], (long) video.timescale()), TIMESCALE_90K);
    SegmentTemplate template = new SegmentTemplate(video.timescale(),
        SegmentNames.cmafInit(epoch, TrackFormat.VIDEO_TRACK_ID, formats.firstSequenceNumber()),
        SegmentNames.cmafSegmentTemplate(epoch, TrackFormat.VIDEO_TRACK_ID),
        inSpan.get(from).sequenceNumber(), presentationTimeOffset,
        SegmentTimeline.encode(tracks));
    AvcConfig avc = video.avc();
    return new Representation(r.name(), avc.codecString(), r.videoBitsPerSecond(), avc.width(),
        avc.height(), DashFrameRate.format(avc.frameRateMilli()), 0)
        .addressed(baseUrl(r), template);
  }

  /** The top rendition's audio set, its Representation addressed under the rendition. */
  private static AdaptationSet relocated(AdaptationSet set, Rendition top) {
    List<Representation> representations = new ArrayList<>();
    for (Representation r : set.representations()) {
      representations.add(r.addressed(baseUrl(top), set.segmentTemplate()));
    }
    return new AdaptationSet(set.id(), set.contentType(), set.maxWidth(), set.maxHeight(),
        set.frameRate(), set.lang(), set.audioChannels(), null, representations);
  }

  private static Representation renamed(Representation r, String id) {
    return new Representation(id, r.codecs(), r.bandwidthBitsPerSecond(), r.width(), r.height(),
        r.frameRate(), r.audioSamplingRate(), r.baseUrl(), r.segmentTemplate());
  }

  /** The BaseURL of a rendition's Representations, or null for the group's own stream. */
  private static String baseUrl(Rendition r) {
    return r.base().isEmpty() ? null : r.base();
  }
}
