package io.headwater.origin.http;

import java.time.Duration;

/**
 * The Cache-Control values of the origin (DESIGN.md, cache headers; SPEC-NOTES.md section 6).
 * Media objects never change once served, so CDNs may keep them for a year; live manifests live
 * at most half a target duration; misses are cached only briefly so that negative caching cannot
 * hide a segment that is about to exist.
 */
public record CachePolicy(Duration endedManifestMaxAge) {
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";
  public static final String NOT_FOUND = "public, max-age=1";
  public static final String NO_STORE = "no-store";

  /** Live playlist or MPD: half the target duration, at least one second. */
  public String liveManifest(int targetDurationSeconds) {
    return "public, max-age=" + Math.max(1, targetDurationSeconds / 2);
  }

  /** Manifest of an ended stream: it will not change again until the name is republished. */
  public String endedManifest() {
    return "public, max-age=" + endedManifestMaxAge.toSeconds();
  }
}
