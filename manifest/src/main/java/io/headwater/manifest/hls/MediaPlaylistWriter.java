package io.headwater.manifest.hls;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an HLS media playlist (RFC 8216 4.3; live rules of RFC 8216bis 6.2) from one immutable
 * {@link TimelineSnapshot}. Pure: the same snapshot and options give the same string.
 *
 * <pre>
 * #EXTM3U
 * #EXT-X-VERSION:3
 * #EXT-X-TARGETDURATION:2
 * #EXT-X-MEDIA-SEQUENCE:7
 * #EXT-X-DISCONTINUITY-SEQUENCE:1      when not 0, or when a listed segment has a discontinuity
 * #EXT-X-INDEPENDENT-SEGMENTS          when asked
 * #EXT-X-MAP:URI="init.mp4"            CMAF: before the first segment and wherever it changes
 * #EXT-X-DISCONTINUITY                 per segment, when it follows a timing break
 * #EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:05.120Z
 * #EXTINF:2.00000,
 * k3x9a-7.ts
 * #EXT-X-ENDLIST                       when the stream has ended
 * </pre>
 *
 * <p>EXT-X-PROGRAM-DATE-TIME is written on every segment, not only on the first and on
 * discontinuities: each segment's date is the wall-clock time the segmenter recorded, and writing
 * it on each line keeps a segment's date the same on every reload while the window scrolls. With
 * dates on the first segment only, players would derive later dates by summing rounded EXTINFs
 * from whichever segment is first, so the same segment's date could move between reloads
 * whenever encoder time and wall-clock time differ slightly. Safari needs the tag present on live
 * playlists; hls.js and Safari use it to align renditions and to show wall-clock positions.
 *
 * <p>A live playlist never carries EXT-X-PLAYLIST-TYPE (RFC 8216bis 6.2.1); an ended stream gets
 * EXT-X-ENDLIST only.
 */
public final class MediaPlaylistWriter {

  private MediaPlaylistWriter() {}

  /**
   * Writes the playlist with {@code options.mapUriOrNull()} (if any) as the one EXT-X-MAP.
   *
   * @throws IllegalArgumentException when the window is empty: the origin answers 404 until the
   *     first segment exists, so there is nothing to write
   * @throws IllegalStateException when the target duration is unset, a segment's EXTINF rounds
   *     above it, or a segment is not independent while EXT-X-INDEPENDENT-SEGMENTS is asked
   */
  public static String write(
      TimelineSnapshot snapshot, MediaPlaylistOptions options, SegmentUriFunction uris) {
    return write(snapshot, options, uris, null);
  }

  /**
   * Writes the playlist with a per-segment init segment: EXT-X-MAP is written before the first
   * segment and again before every segment whose map URI differs from the previous one (RFC 8216
   * 4.3.2.5), as after a discontinuity that brings new codec parameters.
   *
   * @param mapUrisOrNull the init segment URI of each segment; null to use {@code
   *     options.mapUriOrNull()} for every segment (or no map, for MPEG-TS)
   * @throws IllegalArgumentException when the window is empty, or when both {@code
   *     options.mapUriOrNull()} and {@code mapUrisOrNull} are given
   * @throws IllegalStateException as {@link #write(TimelineSnapshot, MediaPlaylistOptions,
   *     SegmentUriFunction)}
   */
  public static String write(TimelineSnapshot snapshot, MediaPlaylistOptions options,
      SegmentUriFunction uris, SegmentUriFunction mapUrisOrNull) {
    return write(snapshot, options, uris, mapUrisOrNull, null);
  }

  /**
   * Writes the playlist with LL-HLS parts, server control, preload hint, rendition reports and,
   * when {@code lowLatency.skippedSegments()} is positive, as a delta update (bis 6.2.5.1).
   *
   * @param lowLatency the LL-HLS additions, or null for a plain playlist
   * @throws IllegalStateException as the other overloads, and when a part is longer than
   *     PART-TARGET (bis 4.4.4.9)
   */
  public static String write(TimelineSnapshot snapshot, MediaPlaylistOptions options,
      SegmentUriFunction uris, SegmentUriFunction mapUrisOrNull, LowLatencyPlaylist lowLatency) {
    return write(snapshot, options, uris, mapUrisOrNull, lowLatency, 0);
  }

  /**
   * Writes the playlist of one CMAF track: each EXTINF is that track's own span in its own
   * timescale (the sum of its sample durations, which its parts add up to exactly; bis 4.4.4.9:
   * a segment's parts are the segment), not the 90 kHz span of the segment, from which an audio
   * track's differs by a fraction of a frame; and each EXT-X-PROGRAM-DATE-TIME is the date of
   * that track's first sample.
   *
   * @param trackId the CMAF track whose span each EXTINF gives, or 0 for the segment's span (a
   *     segment without that track also gets the segment's span)
   * @throws IllegalStateException as {@link #write(TimelineSnapshot, MediaPlaylistOptions,
   *     SegmentUriFunction, SegmentUriFunction, LowLatencyPlaylist)}
   */
  public static String write(TimelineSnapshot snapshot, MediaPlaylistOptions options,
      SegmentUriFunction uris, SegmentUriFunction mapUrisOrNull, LowLatencyPlaylist lowLatency,
      int trackId) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(uris, "uris");
    String fixedMap = options.mapUriOrNull();
    if (fixedMap != null && mapUrisOrNull != null) {
      throw new IllegalArgumentException("both a fixed EXT-X-MAP URI " + fixedMap
          + " and per-segment map URIs are given");
    }
    SegmentUriFunction mapUris = fixedMap != null ? entry -> fixedMap : mapUrisOrNull;
    List<SegmentEntry> entries = snapshot.segments();
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("stream " + snapshot.epoch()
          + " has no segment yet; a media playlist needs at least one");
    }
    if (mapUris != null && options.version() < 6) {
      throw new IllegalArgumentException("EXT-X-MAP needs EXT-X-VERSION >= 6 (RFC 8216 7), got "
          + options.version());
    }

    Map<Long, List<LowLatencyPlaylist.HlsPart>> partsBySegment = new HashMap<>();
    int skipped = 0;
    if (lowLatency != null) {
      BigDecimal partTarget = new BigDecimal(HlsValues.micros(lowLatency.partTargetMicros()));
      for (LowLatencyPlaylist.HlsPart part : lowLatency.parts()) {
        if (HlsValues.seconds(part.durationTicks(), part.timescale()).compareTo(partTarget) > 0) {
          throw new IllegalStateException("part " + part.uri() + " is longer than PART-TARGET "
              + partTarget + " s (RFC 8216bis 4.4.4.9)");
        }
        partsBySegment.computeIfAbsent(part.segmentSequence(), k -> new ArrayList<>()).add(part);
      }
      skipped = Math.min(lowLatency.skippedSegments(), entries.size() - 1);
    }

    boolean anyDiscontinuity = false;
    List<HlsSegment> segments = new ArrayList<>(entries.size());
    String previousMap = null;
    int index = 0;
    for (SegmentEntry entry : entries) {
      if (index++ < skipped) {
        anyDiscontinuity |= entry.discontinuity();
        continue; // replaced by EXT-X-SKIP; the next written segment repeats the map in force
      }
      if (options.independentSegments() && !entry.independent()) {
        throw new IllegalStateException("segment " + entry.sequenceNumber()
            + " does not start with a keyframe but EXT-X-INDEPENDENT-SEGMENTS is asked");
      }
      String map = mapUris == null ? null : mapUris.uri(entry);
      if (mapUris != null && map == null) {
        throw new IllegalStateException("no EXT-X-MAP URI for segment " + entry.sequenceNumber());
      }
      TrackSegment track = trackId == 0 ? null : entry.track(trackId);
      boolean ownSpan = track != null && track.durationTicks() > 0;
      HlsSegment segment = new HlsSegment(uris.uri(entry),
          ownSpan ? track.durationTicks() : entry.duration90k(),
          ownSpan ? track.timescale() : 90_000, entry.discontinuity(),
          ownSpan ? trackStart(entry, track) : entry.programDateTime(),
          map != null && !map.equals(previousMap) ? map : null,
          partsBySegment.getOrDefault(entry.sequenceNumber(), List.of()));
      segment.validate(snapshot.targetDurationSeconds());
      segments.add(segment);
      previousMap = map;
      anyDiscontinuity |= entry.discontinuity();
    }

    // RFC 8216 4.3.3.3: without the tag the first segment's discontinuity sequence number is 0,
    // so it must be written whenever the number is not 0. RFC 8216 6.2.2: a playlist that
    // contains EXT-X-DISCONTINUITY and from which segments have been removed MUST contain it; we
    // also write it whenever a discontinuity is listed, which covers that case and lets players
    // align renditions across the break.
    if (lowLatency != null && lowLatency.openSegment() != null
        && lowLatency.openSegment().discontinuity() && !snapshot.ended()) {
      anyDiscontinuity = true;
    }
    MediaPlaylistHeader header = new MediaPlaylistHeader(options.version(),
        snapshot.targetDurationSeconds(), snapshot.mediaSequence(),
        snapshot.discontinuitySequence(),
        snapshot.discontinuitySequence() > 0 || anyDiscontinuity, options.independentSegments());
    header.validate();

    StringBuilder out = new StringBuilder(256 + 96 * segments.size());
    header.appendTo(out);
    if (lowLatency != null) {
      appendServerControl(out, lowLatency, snapshot);
    }
    if (skipped > 0) {
      out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n'); // bis 4.4.5.2
    }
    for (HlsSegment segment : segments) {
      segment.appendTo(out);
    }
    if (lowLatency != null) {
      appendOpenSegment(out, lowLatency, partsBySegment, previousMap, snapshot);
      if (lowLatency.preloadHintUri() != null && !snapshot.ended()) {
        // bis 4.4.5.3; forbidden with EXT-X-ENDLIST
        out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").append(lowLatency.preloadHintUri())
            .append("\"\n");
      }
      for (LowLatencyPlaylist.RenditionReport r : lowLatency.renditionReports()) {
        out.append("#EXT-X-RENDITION-REPORT:URI=\"").append(r.uri()).append("\",LAST-MSN=")
            .append(r.lastMsn());
        if (r.lastPart() >= 0) {
          out.append(",LAST-PART=").append(r.lastPart());
        }
        out.append('\n');
      }
    }
    if (snapshot.ended()) {
      out.append("#EXT-X-ENDLIST\n"); // RFC 8216 4.3.3.4
    }
    return out.toString();
  }

  /**
   * The wall-clock time of a CMAF track's first sample (RFC 8216 4.3.2.6: the date of the
   * segment's first sample): an audio track starts up to a frame away from the keyframe that
   * starts the segment, and with its own span as EXTINF, the next segment's date is exactly
   * this one's plus its EXTINF, as players lay out the timeline.
   */
  private static Instant trackStart(SegmentEntry entry, TrackSegment track) {
    long trackMicros = track.startTicks() * 1_000_000L / track.timescale();
    long segmentMicros = entry.start90k() * 100L / 9;
    return entry.programDateTime().plusNanos((trackMicros - segmentMicros) * 1_000L);
  }

  /**
   * EXT-X-SERVER-CONTROL (bis 4.4.3.8) and EXT-X-PART-INF (4.4.3.7). HOLD-BACK is left at its
   * default of three target durations.
   */
  private static void appendServerControl(StringBuilder out, LowLatencyPlaylist ll,
      TimelineSnapshot snapshot) {
    out.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES");
    if (ll.canSkipUntil() != null) {
      long minimum = 6L * snapshot.targetDurationSeconds();
      if (ll.canSkipUntil().toSeconds() < minimum) {
        throw new IllegalStateException("CAN-SKIP-UNTIL " + ll.canSkipUntil()
            + " is below six target durations (bis 4.4.3.8)");
      }
      out.append(",CAN-SKIP-UNTIL=").append(HlsValues.micros(ll.canSkipUntil().toNanos() / 1000));
    }
    out.append(",PART-HOLD-BACK=").append(HlsValues.micros(ll.partHoldBackMicros())).append('\n');
    out.append("#EXT-X-PART-INF:PART-TARGET=").append(HlsValues.micros(ll.partTargetMicros()))
        .append('\n');
  }

  /** The open segment's tags and parts, after the last complete segment (bis 4.4.4.9). */
  private static void appendOpenSegment(StringBuilder out, LowLatencyPlaylist ll,
      Map<Long, List<LowLatencyPlaylist.HlsPart>> partsBySegment, String previousMap,
      TimelineSnapshot snapshot) {
    LowLatencyPlaylist.OpenSegment open = ll.openSegment();
    if (open == null || snapshot.ended()) {
      return;
    }
    List<LowLatencyPlaylist.HlsPart> parts = partsBySegment.getOrDefault(open.sequenceNumber(),
        List.of());
    if (parts.isEmpty()) {
      return;
    }
    if (open.discontinuity()) {
      out.append("#EXT-X-DISCONTINUITY\n");
    }
    if (open.mapUri() != null && !open.mapUri().equals(previousMap)) {
      out.append("#EXT-X-MAP:URI=\"").append(open.mapUri()).append("\"\n");
    }
    out.append("#EXT-X-PROGRAM-DATE-TIME:").append(HlsValues.dateTime(open.programDateTime()))
        .append('\n');
    for (LowLatencyPlaylist.HlsPart part : parts) {
      HlsSegment.appendPart(out, part);
    }
  }
}
