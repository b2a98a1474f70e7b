package io.headwater.origin.recording;

import io.headwater.manifest.dash.DashInput;
import io.headwater.manifest.dash.DashOptions;
import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.manifest.dash.MpdBuilder;
import io.headwater.manifest.dash.MpdWriter;
import io.headwater.manifest.dash.StreamFormats;
import io.headwater.manifest.hls.MediaPlaylistOptions;
import io.headwater.manifest.hls.MediaPlaylistWriter;
import io.headwater.manifest.hls.MultivariantPlaylistWriter;
import io.headwater.manifest.hls.MultivariantStream;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The VOD manifests of a recording, written by the manifest module's writers from the recording's
 * manifest: the multivariant playlist, one CMAF media playlist per track with {@code
 * EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}, and a static MPD. A recording still being
 * written is time-shifted live: EVENT playlists of everything recorded, or, with a DVR window,
 * live playlists of the window, and a dynamic MPD. URIs are
 * relative, the same names as the live stream's, so they resolve inside {@code
 * /vod/APP/STREAM/EPOCH/}.
 */
final class VodManifests {
  private static final MultivariantPlaylistWriter MULTIVARIANT = new MultivariantPlaylistWriter();
  private static final MpdBuilder MPD_BUILDER = new MpdBuilder();
  private static final MpdWriter MPD_WRITER = new MpdWriter();

  private VodManifests() {}

  /** {@code index.m3u8}, over the formats of the first period. */
  static String multivariant(RecordingManifest m) {
    StreamFormatsAt f = m.formatsAt(m.segments().get(0).sequenceNumber());
    long[] v = bitrates(m, TrackFormat.VIDEO_TRACK_ID);
    long[] a = bitrates(m, TrackFormat.AUDIO_TRACK_ID);
    int frameRateMilli = f.video() == null ? 0 : f.video().avc().frameRateMilli();
    return MULTIVARIANT.write(new MultivariantStream(f.video(), f.audio(), v[0], v[1], a[0], a[1],
        frameRateMilli));
  }

  /**
   * {@code v.m3u8} / {@code a.m3u8}, or empty when the recording lacks the track. While {@code
   * active} with a positive {@code dvrWindow}, a live playlist of the window (no playlist type,
   * RFC 8216bis 6.2.1); active without a window, an EVENT playlist of everything recorded.
   */
  static Optional<String> mediaPlaylist(RecordingManifest m, int trackId, boolean active,
      Duration dvrWindow) {
    TimelineSnapshot s = active ? window(m.snapshot(false), dvrWindow) : m.snapshot(true);
    if (s.segments().stream().anyMatch(e -> e.track(trackId) == null)) {
      return Optional.empty();
    }
    String playlist = MediaPlaylistWriter.write(s,
        new MediaPlaylistOptions(7, null, allIndependent(s)),
        e -> SegmentNames.cmafSegment(s.epoch(), trackId, e.sequenceNumber()),
        e -> SegmentNames.cmafInit(s.epoch(), trackId,
            m.formatsAt(e.sequenceNumber()).firstSequenceNumber()));
    if (active && !dvrWindow.isZero()) {
      return Optional.of(playlist);
    }
    return Optional.of(withPlaylistType(playlist, active ? "EVENT" : "VOD"));
  }

  /**
   * The segments that end within {@code dvrWindow} of the recording's end (all when zero), with
   * EXT-X-DISCONTINUITY-SEQUENCE counting the discontinuities left behind (RFC 8216 6.2.2).
   */
  static TimelineSnapshot window(TimelineSnapshot all, Duration dvrWindow) {
    if (dvrWindow.isZero() || all.segments().isEmpty()) {
      return all;
    }
    SegmentEntry last = all.lastSegment();
    long end90k = last.start90k() + last.duration90k();
    long window90k = dvrWindow.toMillis() * 90;
    int from = all.segments().size() - 1;
    while (from > 0 && end90k - (all.segments().get(from - 1).start90k()
        + all.segments().get(from - 1).duration90k()) < window90k) {
      from--;
    }
    long discontinuities = 0;
    for (int i = 1; i <= from; i++) {
      if (all.segments().get(i).discontinuity()) {
        discontinuities++;
      }
    }
    return new TimelineSnapshot(all.epoch(), all.targetDurationSeconds(),
        all.segments().subList(from, all.segments().size()), discontinuities, false,
        all.updated(), all.version());
  }

  /**
   * {@code index.mpd}: static for a finished recording; while it is being written, dynamic with
   * the DVR window (or everything recorded) as timeShiftBufferDepth, so that players may seek
   * back through it (DASH-IF timing model: the window SHALL be covered by a listed Period).
   */
  static String mpd(RecordingManifest m, boolean active, Duration dvrWindow) {
    TimelineSnapshot all = m.snapshot(!active);
    TimelineSnapshot s = active ? window(all, dvrWindow) : all;
    SegmentEntry first = all.segments().get(0);
    Duration td = Duration.ofSeconds(Math.max(1, s.targetDurationSeconds()));
    SegmentEntry last = all.lastSegment();
    Duration recorded = Duration.ofMillis(
        (last.start90k() + last.duration90k() - first.start90k()) / 90);
    Duration depth = dvrWindow.isZero() ? recorded : dvrWindow;
    if (depth.compareTo(td.multipliedBy(2)) < 0) {
      depth = td.multipliedBy(2);
    }
    Duration delay = td.multipliedBy(3).compareTo(depth) < 0 ? td.multipliedBy(3)
        : depth.minus(td.dividedBy(2));
    // A static MPD carries none of the live attributes (ISO/IEC 23009-1 Table 3).
    DashOptions options = new DashOptions(td, td, delay, depth, "/time");
    long[] v = bitrates(m, TrackFormat.VIDEO_TRACK_ID);
    long[] a = bitrates(m, TrackFormat.AUDIO_TRACK_ID);
    DashInput input = new DashInput(s, first.programDateTime(), first.start90k(), seq -> {
      StreamFormatsAt f = m.formatsAt(seq);
      return new StreamFormats(f.video(), f.audio());
    }, Map.of(TrackFormat.VIDEO_TRACK_ID, v[0], TrackFormat.AUDIO_TRACK_ID, a[0]), options,
        DashPeriodStarts.empty().advance(all).advance(s));
    return MPD_WRITER.write(MPD_BUILDER.build(input));
  }

  /**
   * Adds EXT-X-PLAYLIST-TYPE (RFC 8216 4.3.3.5) after EXT-X-TARGETDURATION: VOD promises the
   * playlist never changes, EVENT that segments are only appended. The manifest module writes
   * live playlists, which must not carry it (RFC 8216bis 6.2.1).
   */
  static String withPlaylistType(String playlist, String type) {
    int target = playlist.indexOf("#EXT-X-TARGETDURATION:");
    int lineEnd = playlist.indexOf('\n', target);
    if (target < 0 || lineEnd < 0) {
      throw new IllegalStateException("media playlist without EXT-X-TARGETDURATION");
    }
    return playlist.substring(0, lineEnd + 1) + "#EXT-X-PLAYLIST-TYPE:" + type + "\n"
        + playlist.substring(lineEnd + 1);
  }

  /** {peak, average} bits per second of a track over the recording; zeros without the track. */
  private static long[] bitrates(RecordingManifest m, int trackId) {
    long peak = 0;
    long bytes = 0;
    long ticks = 0;
    int timescale = 0;
    for (RecordingManifest.Segment s : m.segments()) {
      for (TrackSegment t : s.tracks()) {
        if (t.trackId() != trackId || t.durationTicks() <= 0) {
          continue;
        }
        timescale = t.timescale();
        bytes += t.sizeBytes();
        ticks += t.durationTicks();
        peak = Math.max(peak, t.sizeBytes() * 8 * t.timescale() / t.durationTicks());
      }
    }
    long average = ticks == 0 ? 0 : bytes * 8 * timescale / ticks;
    return new long[] {peak, average};
  }

  private static boolean allIndependent(TimelineSnapshot s) {
    return s.segments().stream().allMatch(SegmentEntry::independent);
  }

  /** When the recording's media starts, for Last-Modified of its manifests. */
  static Instant updated(RecordingManifest m) {
    return Instant.ofEpochMilli(m.updatedMillis());
  }
}
