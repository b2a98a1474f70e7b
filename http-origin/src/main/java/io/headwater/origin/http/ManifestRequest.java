package io.headwater.origin.http;

import io.headwater.origin.pipeline.StreamView;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A manifest a request asked for: the key its rendering is memoized under in a view (distinct per
 * manifest and per variant of one, e.g. the MPD per UTCTiming URL), its media type, whether it is
 * the multivariant playlist (cached differently), and how to render it from a view (empty when
 * the view has no such rendition).
 */
public record ManifestRequest(
    String key,
    String contentType,
    boolean multivariant,
    Function<StreamView, Optional<String>> renderer) {
  /**
   * The query parameter that turns low latency off for one request: {@code ll=off} on {@code
   * index.m3u8}, {@code v.m3u8}/{@code a.m3u8} or {@code index.mpd} answers the plain playlist
   * or MPD of whole segments, for players and caches that do not do LL-HLS or low-latency DASH.
   * Not {@code _HLS_}-prefixed: RFC 8216bis 6.2.5 reserves those names for its own directives.
   */
  public static final String LEGACY_PARAMETER = "ll";
  /** The query a plain multivariant playlist's media playlist URIs carry. */
  public static final String LEGACY_QUERY = LEGACY_PARAMETER + "=off";

  /** Whether the request's query asks for the plain manifest ({@code ll=off}). */
  public static boolean legacy(Map<String, Deque<String>> query) {
    Deque<String> values = query.get(LEGACY_PARAMETER);
    return values != null && !values.isEmpty() && "off".equals(values.peekFirst());
  }
}
