package io.headwater.origin.http;

import io.headwater.manifest.dash.DashInput;
import io.headwater.manifest.dash.DashOptions;
import io.headwater.manifest.dash.LowLatencyDash;
import io.headwater.manifest.dash.MpdBuilder;
import io.headwater.manifest.dash.MpdWriter;
import io.headwater.manifest.dash.ServiceDescription;
import io.headwater.manifest.dash.StreamFormats;
import io.headwater.manifest.hls.LowLatencyPlaylist;
import io.headwater.manifest.hls.MediaPlaylistOptions;
import io.headwater.manifest.hls.MultivariantPlaylistWriter;
import io.headwater.manifest.hls.MultivariantStream;
import io.headwater.manifest.hls.MediaPlaylistWriter;
import io.headwater.origin.pipeline.LowLatencyView;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a stream's manifests from its view, once per view version (memoized in the view). URIs
 * inside are relative to the manifest's own URL.
 */
public final class Manifests {
  private static final MultivariantPlaylistWriter MULTIVARIANT = new MultivariantPlaylistWriter();
  private static final MpdBuilder MPD_BUILDER = new MpdBuilder();
  private static final MpdWriter MPD_WRITER = new MpdWriter();

  /** {@code ts/index.m3u8}: HLS with MPEG-TS segments. */
  public Optional<String> tsPlaylist(StreamView view) {
    return Optional.of(view.render("ts", v -> {
      TimelineSnapshot s = v.snapshot();
      String prefix = "ts/";
      return MediaPlaylistWriter.write(s,
          new MediaPlaylistOptions(3, null, allIndependent(s)),
          e -> SegmentNames.ts(s.epoch(), e.sequenceNumber()).substring(prefix.length()));
    }));
  }

  /** {@code v.m3u8} / {@code a.m3u8}: the CMAF media playlist of one track, in full. */
  public Optional<String> cmafPlaylist(StreamView view, int trackId) {
    return cmafPlaylist(view, trackId, false);
  }

  /**
   * {@code v.m3u8} / {@code a.m3u8}: the CMAF media playlist of one track, with LL-HLS parts
   * when the stream has them; {@code deltaUpdate} asks for EXT-X-SKIP in place of the oldest
   * segments ({@code _HLS_skip=YES}, RFC 8216bis 6.2.5.1), honoured when the window is long
   * enough to offer it.
   */
  public Optional<String> cmafPlaylist(StreamView view, int trackId, boolean deltaUpdate) {
    return cmafPlaylist(view, trackId, deltaUpdate, false);
  }

  /**
   * {@code v.m3u8} / {@code a.m3u8} as above; with {@code legacy} ({@code ll=off}, {@link
   * ManifestRequest#LEGACY_PARAMETER}) a plain RFC 8216 playlist of whole segments even when the
   * stream has parts, for players and caches that do not do LL-HLS.
   */
  public Optional<String> cmafPlaylist(StreamView view, int trackId, boolean deltaUpdate,
      boolean legacy) {
    TimelineSnapshot s = view.listed();
    boolean present = s.segments().stream().anyMatch(e -> e.track(trackId) != null);
    if (!present) {
      return Optional.empty();
    }
    boolean ll = view.lowLatency().enabled() && !legacy;
    String key = "cmaf-" + trackId + (ll && deltaUpdate ? "-skip" : "") + (ll ? "" : "-plain");
    return Optional.of(view.render(key,
        v -> eventType(v, MediaPlaylistWriter.write(s,
            new MediaPlaylistOptions(ll ? 9 : 7, null, allIndependent(s)),
            e -> SegmentNames.cmafSegment(s.epoch(), trackId, e.sequenceNumber()),
            e -> initUri(v, trackId, e.sequenceNumber()),
            ll ? lowLatency(v, trackId, deltaUpdate) : null, trackId))));
  }

  /**
   * The request for a CMAF media playlist, memoized per variant: full or delta update, LL-HLS or
   * plain ({@code ll=off}; a plain playlist has no delta updates).
   */
  public ManifestRequest cmafRequest(int trackId, boolean deltaUpdate, boolean legacy) {
    boolean skip = deltaUpdate && !legacy;
    return new ManifestRequest("cmaf-" + trackId + (skip ? "-skip" : "")
        + (legacy ? "-plain" : ""), ContentTypes.HLS_PLAYLIST, false,
        v -> cmafPlaylist(v, trackId, skip, legacy));
  }

  /**
   * Whole-event DVR: EXT-X-PLAYLIST-TYPE:EVENT after EXT-X-TARGETDURATION (RFC 8216 4.3.3.5:
   * segments are only ever appended), which live playlists otherwise must not carry (RFC 8216bis
   * 6.2.1).
   */
  private static String eventType(StreamView v, String playlist) {
    if (v.timeShift() == null || !v.timeShift().event()) {
      return playlist;
    }
    int target = playlist.indexOf("#EXT-X-TARGETDURATION:");
    int lineEnd = playlist.indexOf('\n', target);
    if (target < 0 || lineEnd < 0) {
      throw new IllegalStateException("media playlist without EXT-X-TARGETDURATION");
    }
    return playlist.substring(0, lineEnd + 1) + "#EXT-X-PLAYLIST-TYPE:EVENT\n"
        + playlist.substring(lineEnd + 1);
  }

  private static String initUri(StreamView v, int trackId, long sequenceNumber) {
    return SegmentNames.cmafInit(v.snapshot().epoch(), trackId,
        v.formatsAt(sequenceNumber).firstSequenceNumber());
  }

  /** The LL-HLS additions of one track's playlist, or null when low latency is off. */
  private static LowLatencyPlaylist lowLatency(StreamView v, int trackId, boolean deltaUpdate) {
    LowLatencyView ll = v.lowLatency();
    if (!ll.enabled()) {
      return null;
    }
    TimelineSnapshot s = v.listed();
    String epoch = s.epoch();
    List<LowLatencyPlaylist.HlsPart> parts = new ArrayList<>();
    for (PartEntry p : ll.parts(trackId)) {
      parts.add(new LowLatencyPlaylist.HlsPart(p.segmentSequence(), p.partIndex(),
          SegmentNames.cmafPart(epoch, trackId, p.segmentSequence(), p.partIndex()),
          p.durationTicks(), p.timescale(), p.independent()));
    }
    LowLatencyPlaylist.OpenSegment open = null;
    if (ll.openSegment() != null) {
      LowLatencyView.OpenSegment o = ll.openSegment();
      // The date of this track's first sample, as the complete segments' (MediaPlaylistWriter).
      Instant date = o.programDateTime();
      for (PartEntry p : ll.parts(trackId)) {
        if (p.segmentSequence() == o.sequenceNumber()) {
          long partMicros = p.startTicks() * 1_000_000L / p.timescale();
          date = date.plusNanos((partMicros - o.start90k() * 100L / 9) * 1_000L);
          break;
        }
      }
      open = new LowLatencyPlaylist.OpenSegment(o.sequenceNumber(), o.discontinuity(), date,
          initUri(v, trackId, o.sequenceNumber()));
    }
    long[] next = nextPart(ll, trackId, s);
    // No hint after EXT-X-ENDLIST (bis 4.4.5.3), nor while no publisher feeds the stream.
    String hint = s.ended() || !ll.publishing() ? null
        : SegmentNames.cmafPart(epoch, trackId, next[0], (int) next[1]);
    List<LowLatencyPlaylist.RenditionReport> reports = new ArrayList<>();
    int other = trackId == TrackFormat.VIDEO_TRACK_ID ? TrackFormat.AUDIO_TRACK_ID
        : TrackFormat.VIDEO_TRACK_ID;
    if (s.segments().stream().anyMatch(e -> e.track(other) != null)) {
      List<PartEntry> otherParts = ll.parts(other);
      if (otherParts.isEmpty()) {
        reports.add(new LowLatencyPlaylist.RenditionReport(SegmentNames.cmafPlaylist(other),
            s.lastSegment().sequenceNumber(), -1));
      } else {
        PartEntry last = otherParts.get(otherParts.size() - 1);
        reports.add(new LowLatencyPlaylist.RenditionReport(SegmentNames.cmafPlaylist(other),
            last.segmentSequence(), last.partIndex()));
      }
    }
    Duration canSkipUntil = null;
    int skipped = 0;
    long td90k = s.targetDurationSeconds() * 90_000L;
    long windowEnd = s.lastSegment().start90k() + s.lastSegment().duration90k();
    long window = windowEnd - s.segments().get(0).start90k();
    if (window > 6 * td90k) {
      // bis 4.4.3.8: the Skip Boundary must be at least six target durations.
      canSkipUntil = Duration.ofSeconds(6L * s.targetDurationSeconds());
      if (deltaUpdate) {
        for (SegmentEntry e : s.segments()) {
          if (windowEnd - (e.start90k() + e.duration90k()) <= 6 * td90k) {
            break;
          }
          skipped++;
        }
      }
    }
    return new LowLatencyPlaylist(ll.partTargetMicros(trackId), parts, open, hint, reports,
        canSkipUntil, skipped);
  }

  /**
   * The part a player would ask for next: the one after the track's last listed part, or the
   * first part of the open (or next) segment.
   *
   * @return {segment sequence, part index}
   */
  static long[] nextPart(LowLatencyView ll, int trackId, TimelineSnapshot s) {
    List<PartEntry> parts = ll.parts(trackId);
    long lastComplete = s.lastSegment().sequenceNumber();
    LowLatencyView.OpenSegment open = ll.openSegment();
    if (open != null && open.partsComplete()) {
      return new long[] {open.sequenceNumber() + 1, 0};
    }
    if (!parts.isEmpty()) {
      PartEntry last = parts.get(parts.size() - 1);
      if (last.segmentSequence() > lastComplete) {
        return new long[] {last.segmentSequence(), last.partIndex() + 1};
      }
    }
    return new long[] {lastComplete + 1, 0};
  }

  /** {@code index.m3u8}: the multivariant playlist over the CMAF renditions. */
  public Optional<String> multivariant(StreamView view) {
    return multivariant(view, false);
  }

  /**
   * {@code index.m3u8}; with {@code legacy} ({@code ll=off}) on a low-latency stream, its media
   * playlist URIs carry {@code ll=off} too, so that a player or cache given this URL gets plain
   * playlists throughout.
   */
  public Optional<String> multivariant(StreamView view, boolean legacy) {
    String query = legacy && view.lowLatency().enabled() ? ManifestRequest.LEGACY_QUERY : null;
    return Optional.of(view.render(query == null ? "multivariant" : "multivariant-plain", v -> {
      StreamFormatsAt f = v.currentFormats();
      int frameRateMilli = f.video() == null ? 0 : f.video().avc().frameRateMilli();
      return MULTIVARIANT.write(new MultivariantStream(f.video(), f.audio(),
          v.videoBitrate().peak(), v.videoBitrate().average(),
          v.audioBitrate().peak(), v.audioBitrate().average(), frameRateMilli), query);
    }));
  }

  /**
   * {@code index.mpd}: live DASH over the same CMAF segments. The UTCTiming URL depends on the
   * host the client used, so the rendering is memoized per host.
   */
  public Optional<String> mpd(StreamView view, String utcTimingUrl) {
    return mpd(view, utcTimingUrl, false);
  }

  /**
   * {@code index.mpd}; with {@code legacy} ({@code ll=off}) a plain live MPD of whole segments
   * (no availabilityTimeOffset, ServiceDescription or open segment) even when the stream makes
   * low-latency chunks.
   */
  public Optional<String> mpd(StreamView view, String utcTimingUrl, boolean legacy) {
    return Optional.of(view.render((legacy ? "plain-mpd " : "mpd ") + utcTimingUrl, v -> {
      TimelineSnapshot s = v.listed();
      Duration td = Duration.ofSeconds(s.targetDurationSeconds());
      // What a full window keeps, not what is listed yet: early in a stream the listed span is
      // short, and the delay below must not shrink with it. With DVR, the time-shift window.
      Duration depth = v.timeShift() != null ? v.timeShift().depth()
          : td.multipliedBy(v.windowSegments());
      // About three segments behind the edge: with less, dash.js and Shaka play at the very
      // edge and stall at segment boundaries; always inside the time-shift buffer.
      Duration delay = td.multipliedBy(3);
      if (delay.compareTo(depth) >= 0) {
        delay = depth.minus(td.dividedBy(2));
      }
      LowLatencyDash lowLatency = legacy ? null : lowLatencyDash(v);
      DashOptions options = lowLatency == null
          ? new DashOptions(td, td, delay, depth, utcTimingUrl)
          : new DashOptions(Duration.ofNanos(v.lowLatency().partTargetMicros() * 1_000), td,
              lowLatency.serviceDescription().latencyTarget(), depth, utcTimingUrl, lowLatency);
      Map<Integer, Long> bitrates = new HashMap<>();
      bitrates.put(TrackFormat.VIDEO_TRACK_ID, v.videoBitrate().peak());
      bitrates.put(TrackFormat.AUDIO_TRACK_ID, v.audioBitrate().peak());
      DashInput input = new DashInput(s, v.availabilityStartTime(), v.availabilityStart90k(),
          seq -> {
            StreamFormatsAt f = v.formatsAt(seq);
            return new StreamFormats(f.video(), f.audio());
          },
          bitrates, options,
          v.timeShift() != null ? v.timeShift().periodStarts() : v.dashPeriodStarts());
      return MPD_WRITER.write(MPD_BUILDER.build(input));
    }));
  }

  /**
   * Low-latency DASH (DASH-IF IOP "Low-latency Modes for DASH") when the stream makes CMAF chunks
   * of a part target each, else null: segments available {@code availabilityTimeOffset} =
   * segment duration - chunk duration before their end, the open segment and the next one
   * announced while a publisher feeds the stream, and a
   * ServiceDescription whose latency target is the LL-HLS PART-HOLD-BACK (three part targets).
   */
  static LowLatencyDash lowLatencyDash(StreamView v) {
    LowLatencyView ll = v.lowLatency();
    TimelineSnapshot s = v.listed();
    if (!ll.enabled() || s.ended()) {
      return null;
    }
    Duration part = Duration.ofNanos(ll.partTargetMicros() * 1_000);
    SegmentEntry last = s.lastSegment();
    Duration segment = Duration.ofNanos(last.duration90k() * 100_000 / 9);
    Duration offset = segment.compareTo(part) > 0 ? segment.minus(part) : Duration.ZERO;
    Duration target = part.multipliedBy(3);
    ServiceDescription service = new ServiceDescription(0, target, part.multipliedBy(2),
        target.plus(Duration.ofSeconds(2L * s.targetDurationSeconds())), 0.95, 1.05);
    LowLatencyView.OpenSegment open = ll.openSegment();
    int announced = 0;
    if (ll.publishing() && open == null) {
      announced = 1; // between two segments: the next one opens with its first chunk
    } else if (ll.publishing() && !open.discontinuity()
        && open.sequenceNumber() == last.sequenceNumber() + 1) {
      announced = 2; // the segment being written and the next (OpenSegmentDelivery holds it)
    }
    return new LowLatencyDash(offset, service, announced);
  }

  private static boolean allIndependent(TimelineSnapshot s) {
    for (SegmentEntry e : s.segments()) {
      if (!e.independent()) {
        return false;
      }
    }
    return true;
  }
}
