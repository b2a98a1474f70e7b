package io.headwater.storage.s3;

import java.util.Objects;

/**
 * The HTTP metadata an object is stored with, so that a CDN or player reading the bucket directly
 * gets the same {@code Content-Type} and {@code Cache-Control} as from the origin.
 *
 * @param contentType the media type
 * @param cacheControl the {@code Cache-Control} value
 */
public record ObjectMetadata(String contentType, String cacheControl) {
  /** Segments and init segments: their names never change content (DESIGN.md). */
  public static final String IMMUTABLE = "public, max-age=31536000, immutable";
  /** Live playlists and MPDs: rewritten with every segment. */
  public static final String SHORT = "public, max-age=1";
  /** Bookkeeping objects (the stream registry): never cached. */
  public static final String NO_STORE = "no-store";

  public ObjectMetadata {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(cacheControl, "cacheControl");
  }

  /**
   * The metadata of a stream object by its name (the origin's URL path below the stream):
   * {@code .ts} video/mp2t (RFC 8216 3.2), {@code .m4s}/{@code .mp4} video/mp4, or audio/mp4
   * under {@code a/} (RFC 8216 3.3, ISO/IEC 23000-19), {@code .m3u8}
   * application/vnd.apple.mpegurl (RFC 8216 4), {@code .mpd} application/dash+xml (ISO/IEC
   * 23009-1 Annex C), {@code .json} application/json, {@code .jpg} image/jpeg.
   */
  public static ObjectMetadata forName(String name) {
    Objects.requireNonNull(name, "name");
    boolean audio = name.startsWith("a/") || name.contains("/a/");
    if (name.endsWith(".ts")) {
      return new ObjectMetadata("video/mp2t", IMMUTABLE);
    }
    if (name.endsWith(".m4s") || name.endsWith(".mp4")) {
      return new ObjectMetadata(audio ? "audio/mp4" : "video/mp4", IMMUTABLE);
    }
    if (name.endsWith(".m3u8")) {
      return new ObjectMetadata("application/vnd.apple.mpegurl", SHORT);
    }
    if (name.endsWith(".mpd")) {
      return new ObjectMetadata("application/dash+xml", SHORT);
    }
    if (name.endsWith(".json")) {
      return new ObjectMetadata("application/json", NO_STORE);
    }
    if (name.endsWith(".jpg")) {
      return new ObjectMetadata("image/jpeg", SHORT);
    }
    return new ObjectMetadata("application/octet-stream", SHORT);
  }
}
