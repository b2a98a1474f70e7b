package io.headwater.origin.http;

import io.headwater.manifest.dash.DashInput;
import io.headwater.manifest.dash.DashOptions;
import io.headwater.manifest.dash.MpdBuilder;
import io.headwater.manifest.dash.MpdWriter;
import io.headwater.manifest.dash.StreamFormats;
import io.headwater.manifest.hls.MediaPlaylistOptions;
import io.headwater.manifest.hls.MultivariantPlaylistWriter;
import io.headwater.manifest.hls.MultivariantStream;
import io.headwater.manifest.hls.MediaPlaylistWriter;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.HashMap;
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

  /** {@code v.m3u8} / {@code a.m3u8}: the CMAF media playlist of one track. */
  public Optional<String> cmafPlaylist(StreamView view, int trackId) {
    TimelineSnapshot s = view.snapshot();
    boolean present = s.segments().stream().anyMatch(e -> e.track(trackId) != null);
    if (!present) {
      return Optional.empty();
    }
    return Optional.of(view.render("cmaf-" + trackId, v -> MediaPlaylistWriter.write(s,
        new MediaPlaylistOptions(7, null, allIndependent(s)),
        e -> SegmentNames.cmafSegment(s.epoch(), trackId, e.sequenceNumber()),
        e -> SegmentNames.cmafInit(s.epoch(), trackId,
            v.formatsAt(e.sequenceNumber()).firstSequenceNumber()))));
  }

  /** {@code index.m3u8}: the multivariant playlist over the CMAF renditions. */
  public Optional<String> multivariant(StreamView view) {
    return Optional.of(view.render("multivariant", v -> {
      StreamFormatsAt f = v.currentFormats();
      int frameRateMilli = f.video() == null ? 0 : f.video().avc().frameRateMilli();
      return MULTIVARIANT.write(new MultivariantStream(f.video(), f.audio(),
          v.videoBitrate().peak(), v.videoBitrate().average(),
          v.audioBitrate().peak(), v.audioBitrate().average(), frameRateMilli));
    }));
  }

  /**
   * {@code index.mpd}: live DASH over the same CMAF segments. The UTCTiming URL depends on the
   * host the client used, so the rendering is memoized per host.
   */
  public Optional<String> mpd(StreamView view, String utcTimingUrl) {
    return Optional.of(view.render("mpd " + utcTimingUrl, v -> {
      TimelineSnapshot s = v.snapshot();
      Duration td = Duration.ofSeconds(s.targetDurationSeconds());
      // What a full window keeps, not what is listed yet: early in a stream the listed span is
      // short, and the delay below must not shrink with it.
      Duration depth = td.multipliedBy(v.windowSegments());
      // About three segments behind the edge: with less, dash.js and Shaka play at the very
      // edge and stall at segment boundaries; always inside the time-shift buffer.
      Duration delay = td.multipliedBy(3);
      if (delay.compareTo(depth) >= 0) {
        delay = depth.minus(td.dividedBy(2));
      }
      DashOptions options = new DashOptions(td, td, delay, depth, utcTimingUrl);
      Map<Integer, Long> bitrates = new HashMap<>();
      bitrates.put(TrackFormat.VIDEO_TRACK_ID, v.videoBitrate().peak());
      bitrates.put(TrackFormat.AUDIO_TRACK_ID, v.audioBitrate().peak());
      DashInput input = new DashInput(s, v.availabilityStartTime(), v.availabilityStart90k(),
          seq -> {
            StreamFormatsAt f = v.formatsAt(seq);
            return new StreamFormats(f.video(), f.audio());
          },
          bitrates, options, v.dashPeriodStarts());
      return MPD_WRITER.write(MPD_BUILDER.build(input));
    }));
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
