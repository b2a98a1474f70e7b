package io.headwater.packager.timeline;

import io.headwater.packager.media.TrackFormat;

/**
 * The one place that names a stream's media objects. Names are paths relative to the stream's
 * base URL ({@code /APP/STREAM/}); the same strings are storage keys and manifest URIs. Every name
 * carries the stream epoch, so a URL never changes content across publisher sessions and server
 * restarts (DESIGN.md), and CDNs may cache it for a year.
 */
public final class SegmentNames {
  public static final String TS_PLAYLIST = "ts/index.m3u8";
  public static final String MULTIVARIANT_PLAYLIST = "index.m3u8";
  public static final String MPD = "index.mpd";

  private SegmentNames() {}

  /** The MPEG-TS segment: {@code ts/EPOCH-SEQ.ts}. */
  public static String ts(String epoch, long sequenceNumber) {
    return "ts/" + epoch + "-" + sequenceNumber + ".ts";
  }

  /** Directory of a CMAF track: {@code v} for video, {@code a} for audio. */
  public static String trackDir(int trackId) {
    return trackId == TrackFormat.VIDEO_TRACK_ID ? "v" : "a";
  }

  /** The CMAF media playlist of a track: {@code v.m3u8} or {@code a.m3u8}. */
  public static String cmafPlaylist(int trackId) {
    return trackDir(trackId) + ".m3u8";
  }

  /** The CMAF media segment of a track: {@code v/EPOCH-SEQ.m4s}. */
  public static String cmafSegment(String epoch, int trackId, long sequenceNumber) {
    return trackDir(trackId) + "/" + epoch + "-" + sequenceNumber + ".m4s";
  }

  /**
   * An LL-HLS part (a CMAF chunk) of a track: {@code v/EPOCH-SEQ.PART.m4s}. The parent segment
   * holds the same bytes as its parts, in order.
   */
  public static String cmafPart(String epoch, int trackId, long sequenceNumber, int partIndex) {
    return trackDir(trackId) + "/" + epoch + "-" + sequenceNumber + "." + partIndex + ".m4s";
  }

  /** The DASH SegmentTemplate media pattern equivalent to {@link #cmafSegment}. */
  public static String cmafSegmentTemplate(String epoch, int trackId) {
    return trackDir(trackId) + "/" + epoch + "-$Number$.m4s";
  }

  /**
   * The CMAF init segment of a track for the formats that start at segment {@code
   * firstSequenceNumber} (a new init segment follows every format change or discontinuity):
   * {@code v/EPOCH-init-SEQ.mp4}.
   */
  public static String cmafInit(String epoch, int trackId, long firstSequenceNumber) {
    return trackDir(trackId) + "/" + epoch + "-init-" + firstSequenceNumber + ".mp4";
  }
}
