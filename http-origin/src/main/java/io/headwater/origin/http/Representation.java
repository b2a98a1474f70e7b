package io.headwater.origin.http;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One representation of an object ready to send: its bytes (shared, read-only), media type,
 * content coding (null for identity), strong entity tag, modification time, Cache-Control, and
 * whether it is immutable (then If-Modified-Since compares at the one-second resolution of HTTP
 * dates, since nothing can have changed within that second).
 */
public record Representation(
    ByteBuffer body,
    String contentType,
    String contentEncoding,
    String etag,
    Instant lastModified,
    String cacheControl,
    boolean immutable) {
  public Representation {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(cacheControl, "cacheControl");
  }
}
