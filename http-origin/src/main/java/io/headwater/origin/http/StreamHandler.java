package io.headwater.origin.http;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.StoredSegment;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves {@code /APP/STREAM/...}: the manifests of a stream (rendered from its latest view) and
 * its media objects (from the segment store). Everything is served from memory on the I/O thread.
 */
public final class StreamHandler implements HttpHandler {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern MEDIA = Pattern.compile("[A-Za-z0-9._/-]{1,128}");

  private final StreamRegistry registry;
  private final SegmentStore store;
  private final CachePolicy policy;
  private final Manifests manifests;

  public StreamHandler(StreamRegistry registry, SegmentStore store, CachePolicy policy,
      Manifests manifests) {
    this.registry = registry;
    this.store = store;
    this.policy = policy;
    this.manifests = manifests;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, OPTIONS");
      Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE,
          "method not allowed\n");
      return;
    }
    String path = exchange.getRelativePath();
    String[] parts = path.startsWith("/") ? path.substring(1).split("/", 3) : new String[0];
    if (parts.length < 3 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()
        || !MEDIA.matcher(parts[2]).matches() || parts[2].contains("..")) {
      notFound(exchange, "not found");
      return;
    }
    LiveStream stream = registry.get(parts[0], parts[1]);
    if (stream == null) {
      notFound(exchange, "no stream " + parts[0] + "/" + parts[1]);
      return;
    }
    String rest = parts[2];
    switch (rest) {
      case SegmentNames.MULTIVARIANT_PLAYLIST:
        manifest(exchange, stream, ContentTypes.HLS_PLAYLIST, manifests::multivariant);
        return;
      case SegmentNames.TS_PLAYLIST:
        manifest(exchange, stream, ContentTypes.HLS_PLAYLIST, manifests::tsPlaylist);
        return;
      case SegmentNames.MPD:
        String timeUrl = exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + "/time";
        manifest(exchange, stream, ContentTypes.DASH_MPD, v -> manifests.mpd(v, timeUrl));
        return;
      default:
        break;
    }
    if (rest.equals(SegmentNames.cmafPlaylist(TrackFormat.VIDEO_TRACK_ID))) {
      manifest(exchange, stream, ContentTypes.HLS_PLAYLIST,
          v -> manifests.cmafPlaylist(v, TrackFormat.VIDEO_TRACK_ID));
      return;
    }
    if (rest.equals(SegmentNames.cmafPlaylist(TrackFormat.AUDIO_TRACK_ID))) {
      manifest(exchange, stream, ContentTypes.HLS_PLAYLIST,
          v -> manifests.cmafPlaylist(v, TrackFormat.AUDIO_TRACK_ID));
      return;
    }
    media(exchange, stream, rest);
  }

  private void manifest(HttpServerExchange exchange, LiveStream stream, String contentType,
      java.util.function.Function<StreamView, Optional<String>> renderer) {
    StreamView view = stream.view();
    if (view == null) {
      notFound(exchange, "stream " + stream.path() + " has no segment yet");
      return;
    }
    Optional<String> body = renderer.apply(view);
    if (body.isEmpty()) {
      notFound(exchange, "stream " + stream.path() + " has no such rendition");
      return;
    }
    var headers = exchange.getResponseHeaders();
    String etag = view.etag();
    Instant updated = view.snapshot().updated();
    headers.put(Headers.CACHE_CONTROL, view.snapshot().ended() ? policy.endedManifest()
        : policy.liveManifest(view.snapshot().targetDurationSeconds()));
    headers.put(Headers.ETAG, etag);
    headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(Date.from(updated)));
    if (notModified(exchange, etag, updated)) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    Responses.bytes(exchange, StatusCodes.OK, contentType,
        body.get().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * RFC 9110 13.1: If-None-Match wins over If-Modified-Since. Last-Modified has one-second
   * resolution while a playlist may change several times a second, so If-Modified-Since alone
   * answers 304 only when the view is not newer than the given instant.
   */
  private static boolean notModified(HttpServerExchange exchange, String etag, Instant updated) {
    String inm = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (inm != null) {
      for (String candidate : inm.split(",")) {
        String c = candidate.trim();
        if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
    String ims = exchange.getRequestHeaders().getFirst(Headers.IF_MODIFIED_SINCE);
    if (ims != null) {
      Date since = DateUtils.parseDate(ims);
      return since != null && !updated.isAfter(since.toInstant());
    }
    return false;
  }

  private void media(HttpServerExchange exchange, LiveStream stream, String name) {
    Optional<StoredSegment> stored = store.get(new SegmentKey(stream.path(), name));
    if (stored.isEmpty()) {
      notFound(exchange, "no object " + name + " in " + stream.path());
      return;
    }
    StoredSegment seg = stored.get();
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CACHE_CONTROL, CachePolicy.IMMUTABLE);
    String etag = "\"" + name.replace('/', '_') + "\"";
    headers.put(Headers.ETAG, etag);
    headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(Date.from(seg.storedAt())));
    if (etag.equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    Responses.buffer(exchange, StatusCodes.OK, ContentTypes.ofMediaName(name),
        ByteBuffer.wrap(seg.bytes()).asReadOnlyBuffer());
  }

  private static void notFound(HttpServerExchange exchange, String message) {
    Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, message + "\n");
  }
}
