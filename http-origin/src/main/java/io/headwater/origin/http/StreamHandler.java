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
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves {@code /APP/STREAM/...}: the manifests of a stream (rendered once per view, gzip for
 * clients that accept it) and its media objects (from the segment store, never compressed).
 * Everything is served from memory on the I/O thread, with validators, conditional and range
 * requests handled by {@link Delivery}.
 */
public final class StreamHandler implements HttpHandler {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern MEDIA = Pattern.compile("[A-Za-z0-9._/-]{1,128}");
  private static final int MAX_PATH_CHARS = 512;

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
      exchange.getResponseHeaders().put(Headers.ALLOW, MethodFilter.ALLOW);
      Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE,
          "method not allowed\n");
      return;
    }
    String path = exchange.getRelativePath();
    String[] parts = path.startsWith("/") ? path.substring(1).split("/", 3) : new String[0];
    if (parts.length < 3) {
      notFound(exchange, "not found");
      return;
    }
    if (path.length() > MAX_PATH_CHARS || !NAME.matcher(parts[0]).matches()
        || !NAME.matcher(parts[1]).matches() || !MEDIA.matcher(parts[2]).matches()
        || parts[2].contains("..") || parts[2].contains("//")) {
      Responses.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NO_STORE, "bad path\n");
      return;
    }
    LiveStream stream = registry.get(parts[0], parts[1]);
    if (stream == null) {
      notFound(exchange, "no stream " + parts[0] + "/" + parts[1]);
      return;
    }
    ManifestRequest manifest = manifestFor(exchange, parts[2]);
    if (manifest != null) {
      StreamView view = stream.view();
      if (view == null) {
        notFound(exchange, "stream " + stream.path() + " has no segment yet");
        return;
      }
      sendManifest(exchange, view, manifest, cacheControl(view, manifest));
      return;
    }
    media(exchange, stream, parts[2]);
  }

  /** The manifest that {@code rest} (the path below /APP/STREAM/) names, or null for media. */
  public ManifestRequest manifestFor(HttpServerExchange exchange, String rest) {
    switch (rest) {
      case SegmentNames.MULTIVARIANT_PLAYLIST:
        return new ManifestRequest("multivariant", ContentTypes.HLS_PLAYLIST, true,
            manifests::multivariant);
      case SegmentNames.TS_PLAYLIST:
        return new ManifestRequest("ts", ContentTypes.HLS_PLAYLIST, false, manifests::tsPlaylist);
      case SegmentNames.MPD:
        String timeUrl = exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + "/time";
        return new ManifestRequest("mpd " + timeUrl, ContentTypes.DASH_MPD, false,
            v -> manifests.mpd(v, timeUrl));
      default:
        break;
    }
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      if (rest.equals(SegmentNames.cmafPlaylist(trackId))) {
        return new ManifestRequest("cmaf-" + trackId, ContentTypes.HLS_PLAYLIST, false,
            v -> manifests.cmafPlaylist(v, trackId));
      }
    }
    return null;
  }

  /** The Cache-Control of a manifest answered right away (not a blocking reload). */
  public String cacheControl(StreamView view, ManifestRequest manifest) {
    int td = view.snapshot().targetDurationSeconds();
    if (view.snapshot().ended()) {
      return policy.endedManifest();
    }
    return manifest.multivariant() ? policy.multivariant(td) : policy.liveManifest(td);
  }

  /**
   * Renders {@code manifest} from {@code view} (memoized in the view, the gzip encoding too) and
   * sends it with {@code cacheControl}, answering conditional and range requests. A blocking
   * playlist reload calls this once the view it waited for exists.
   */
  public void sendManifest(HttpServerExchange exchange, StreamView view,
      ManifestRequest manifest, String cacheControl) {
    Optional<String> text = manifest.renderer().apply(view);
    if (text.isEmpty()) {
      notFound(exchange, "stream " + view.path() + " has no such rendition");
      return;
    }
    Responses.addVary(exchange, "Accept-Encoding");
    boolean gzip = Encodings.acceptsGzip(
        exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING));
    byte[] identity = view.renderBytes(manifest.key(),
        v -> text.get().getBytes(StandardCharsets.UTF_8));
    byte[] body = gzip
        ? view.renderBytes("gzip " + manifest.key(), v -> Encodings.gzip(identity))
        : identity;
    // RFC 9110 8.8.3.3: each content coding of a resource needs its own strong entity tag.
    String etag = gzip ? gzipTag(view.etag()) : view.etag();
    Delivery.send(exchange, new Representation(ByteBuffer.wrap(body).asReadOnlyBuffer(),
        manifest.contentType(), gzip ? Encodings.GZIP : null, etag, view.snapshot().updated(),
        cacheControl, /* immutable= */ false));
  }

  private static String gzipTag(String etag) {
    return etag.substring(0, etag.length() - 1) + "-gzip\"";
  }

  private void media(HttpServerExchange exchange, LiveStream stream, String name) {
    Optional<StoredSegment> stored = store.get(new SegmentKey(stream.path(), name));
    if (stored.isEmpty()) {
      notFound(exchange, "no object " + name + " in " + stream.path());
      return;
    }
    StoredSegment seg = stored.get();
    // The name carries the stream's lifetime token and never changes content (DESIGN.md), so it
    // is a strong validator by itself.
    String etag = "\"" + name.replace('/', '_') + "\"";
    Delivery.send(exchange, new Representation(seg.asReadOnlyBuffer(),
        ContentTypes.ofMediaName(name), null, etag, seg.storedAt(), CachePolicy.IMMUTABLE,
        /* immutable= */ true));
  }

  private static void notFound(HttpServerExchange exchange, String message) {
    Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, message + "\n");
  }
}
