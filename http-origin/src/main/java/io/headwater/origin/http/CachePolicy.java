package io.headwater.origin.http;

import java.time.Duration;

/**
 * The Cache-Control values of the origin (DESIGN.md, cache headers; SPEC-NOTES.md section 6).
 * Media objects never change once served, so CDNs may keep them for a year; live manifests live
 * at most half a target duration; misses are cached only briefly so that negative caching cannot
 * hide a segment that is about to exist. {@code stale-if-error} (RFC 5861 section 4) lets a cache
 * that cannot reach any origin keep serving the last manifest through a short outage.
 */
public record CachePolicy(Duration endedManifestMaxAge) {
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";
  public static final String NOT_FOUND = "public, max-age=1";
  public static final String NO_STORE = "no-store";

  /**
   * Live media playlist or MPD: half the target duration, at least one second (AWS and Fastly
   * guidance; RFC 8216bis Appendix B.1), stale for up to three target durations on origin errors.
   */
  public String liveManifest(int targetDurationSeconds) {
    return "public, max-age=" + Math.max(1, targetDurationSeconds / 2)
        + ", stale-if-error=" + 3 * Math.max(1, targetDurationSeconds);
  }

  /**
   * Multivariant playlist of a live stream: it changes only with the stream's formats and
   * measured bitrates, so a few seconds (one target duration, at least two).
   */
  public String multivariant(int targetDurationSeconds) {
    return "public, max-age=" + Math.max(2, targetDurationSeconds) + ", stale-if-error=60";
  }

  /**
   * Response to a blocking playlist reload ({@code _HLS_msn}/{@code _HLS_part}): its URL names
   * the version, so it may be cached six target durations (RFC 8216bis Appendix B.1).
   */
  public String blockingReload(int targetDurationSeconds) {
    return "public, max-age=" + 6 * Math.max(1, targetDurationSeconds);
  }

  /**
   * Thumbnail of a stream ({@code thumbnail.jpg}): a new one may exist with each segment, so half
   * a target duration as for a live media playlist, at least one second; its validators let a
   * cache revalidate it with a 304 after that.
   */
  public static String thumbnail(int targetDurationSeconds) {
    return "public, max-age=" + Math.max(1, targetDurationSeconds / 2);
  }

  /** Manifest of an ended stream: it will not change again until the name is republished. */
  public String endedManifest() {
    return "public, max-age=" + endedManifestMaxAge.toSeconds();
  }
}
