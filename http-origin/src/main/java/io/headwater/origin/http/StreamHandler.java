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
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code /APP/STREAM/...}: the manifests of a stream (rendered once per view, gzip for
 * clients that accept it) and its media objects (from the segment store, never compressed).
 * Everything is served from memory on the I/O thread, with validators, conditional and range
 * requests handled by {@link Delivery}.
 */
public final class StreamHandler implements HttpHandler {
  private static final int MAX_PATH_CHARS = 512;
  /** An LL-HLS part name: {@code v/EPOCH-SEQ.PART.m4s} (SegmentNames.cmafPart). */
  private static final Pattern PART_NAME =
      Pattern.compile("([va])/([a-z0-9]+)-([0-9]{1,18})\\.([0-9]{1,9})\\.m4s");
  /** A CMAF segment or init segment: what the DVR window of a time-shifted stream keeps on disk. */
  private static final Pattern TIME_SHIFTED =
      Pattern.compile("[va]/[a-z0-9]+-(init-)?([0-9]{1,18})\\.(m4s|mp4)");

  private final StreamRegistry registry;
  private final SegmentStore store;
  private final CachePolicy policy;
  private final Manifests manifests;
  private final OpenSegmentDelivery openSegments;

  public StreamHandler(StreamRegistry registry, SegmentStore store, CachePolicy policy,
      Manifests manifests) {
    this.registry = registry;
    this.store = store;
    this.policy = policy;
    this.manifests = manifests;
    this.openSegments = new OpenSegmentDelivery(store);
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
    if (path.length() > MAX_PATH_CHARS || !PathChars.isName(parts[0])
        || !PathChars.isName(parts[1]) || !PathChars.isMediaPath(parts[2])
        || parts[2].contains("..") || parts[2].contains("//") || parts[2].startsWith("/")
        || parts[2].endsWith("/")) {
      Responses.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NO_STORE, "bad path\n");
      return;
    }
    LiveStream stream = registry.get(parts[0], parts[1]);
    if (stream == null) {
      notFound(exchange, "no stream " + parts[0] + "/" + parts[1]);
      return;
    }
    int cmafTrack = cmafPlaylistTrack(parts[2]);
    if (cmafTrack > 0) {
      cmafPlaylist(exchange, stream, cmafTrack);
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
    boolean legacy = ManifestRequest.legacy(exchange.getQueryParameters());
    switch (rest) {
      case SegmentNames.MULTIVARIANT_PLAYLIST:
        return new ManifestRequest(legacy ? "multivariant-plain" : "multivariant",
            ContentTypes.HLS_PLAYLIST, true, v -> manifests.multivariant(v, legacy));
      case SegmentNames.TS_PLAYLIST:
        return new ManifestRequest("ts", ContentTypes.HLS_PLAYLIST, false, manifests::tsPlaylist);
      case SegmentNames.MPD:
        String timeUrl = exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + "/time";
        return new ManifestRequest((legacy ? "plain-mpd " : "mpd ") + timeUrl,
            ContentTypes.DASH_MPD, false, v -> manifests.mpd(v, timeUrl, legacy));
      default:
        break;
    }
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      if (rest.equals(SegmentNames.cmafPlaylist(trackId))) {
        return manifests.cmafRequest(trackId, false, legacy);
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
    if (manifest.key().startsWith("mpd ") && view.lowLatency().enabled()) {
      return OpenSegmentDelivery.LOW_LATENCY_MPD;
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

  /** The track of a CMAF media playlist name ({@code v.m3u8}, {@code a.m3u8}), or -1. */
  private static int cmafPlaylistTrack(String rest) {
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      if (rest.equals(SegmentNames.cmafPlaylist(trackId))) {
        return trackId;
      }
    }
    return -1;
  }

  /**
   * A CMAF media playlist, with the LL-HLS query parameters of RFC 8216bis 6.2.5: a delta update
   * for {@code _HLS_skip}, and with {@code _HLS_msn}/{@code _HLS_part} a blocking reload held
   * until that segment or part exists, 503 after three target durations.
   */
  private void cmafPlaylist(HttpServerExchange exchange, LiveStream stream, int trackId) {
    BlockingRequests.PlaylistRequest request;
    try {
      request = BlockingRequests.parse(exchange.getQueryParameters());
    } catch (BlockingRequests.BadRequest e) {
      Responses.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NOT_FOUND,
          e.getMessage() + "\n");
      return;
    }
    StreamView view = stream.view();
    if (view == null) {
      notFound(exchange, "stream " + stream.path() + " has no segment yet");
      return;
    }
    boolean legacy = ManifestRequest.legacy(exchange.getQueryParameters());
    ManifestRequest manifest = manifests.cmafRequest(trackId, request.skip(), legacy);
    if (!request.blocking() || legacy || view.snapshot().ended()
        || !view.lowLatency().enabled()) {
      // bis 6.2.5.2: the parameters are ignored once the playlist has EXT-X-ENDLIST.
      sendManifest(exchange, view, manifest, cacheControl(view, manifest));
      return;
    }
    String refusal = BlockingRequests.tooFarAhead(request, view, trackId);
    if (refusal != null) {
      Responses.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NOT_FOUND, refusal + "\n");
      return;
    }
    int td = view.snapshot().targetDurationSeconds();
    BlockingRequests.await(exchange, stream,
        v -> BlockingRequests.satisfied(request, v, trackId),
        Duration.ofSeconds(3L * td),
        v -> sendManifest(exchange, v, manifest, policy.blockingReload(td)),
        () -> Responses.text(exchange, StatusCodes.SERVICE_UNAVAILABLE, CachePolicy.NOT_FOUND,
            "segment " + request.msn() + " part " + request.part()
                + " did not appear within three target durations\n"));
  }

  /**
   * A part that does not exist yet but belongs to the segment being written (the preload hint)
   * is held until it is complete (bis 6.2.6); one that will never come is a 404.
   */
  private boolean awaitPart(HttpServerExchange exchange, LiveStream stream, String name) {
    Matcher m = PART_NAME.matcher(name);
    StreamView view = stream.view();
    if (!m.matches() || view == null || !m.group(2).equals(view.snapshot().epoch())
        || !view.lowLatency().enabled()) {
      return false;
    }
    long segment = Long.parseLong(m.group(3));
    if (!BlockingRequests.partMayStillCome(view, segment)) {
      return false;
    }
    SegmentKey key = new SegmentKey(stream.path(), name);
    int td = view.snapshot().targetDurationSeconds();
    BlockingRequests.await(exchange, stream,
        v -> store.get(key).isPresent() || !BlockingRequests.partMayStillCome(v, segment),
        Duration.ofSeconds(3L * td),
        v -> media(exchange, stream, name, /* mayWait= */ false),
        () -> notFound(exchange, "part " + name + " did not appear"));
    return true;
  }

  private void media(HttpServerExchange exchange, LiveStream stream, String name) {
    media(exchange, stream, name, /* mayWait= */ true);
  }

  private void media(HttpServerExchange exchange, LiveStream stream, String name,
      boolean mayWait) {
    SegmentKey key = new SegmentKey(stream.path(), name);
    Optional<StoredSegment> stored = store.get(key);
    if (stored.isEmpty() && mayWait && awaitPart(exchange, stream, name)) {
      return;
    }
    if (stored.isEmpty() && mayWait && openSegments.serve(exchange, stream, name,
        (ex, n) -> media(ex, stream, n, /* mayWait= */ false))) {
      return; // low-latency DASH: the segment being written, chunk by chunk
    }
    if (stored.isEmpty() && listedBefore(stream, name)) {
      // The DVR window's older segments: memory released them, the recording has them. Files
      // are read on a worker thread, never the I/O thread.
      if (exchange.isInIoThread()) {
        exchange.dispatch((HttpHandler) ex -> media(ex, stream, name, /* mayWait= */ false));
        return;
      }
      stored = stream.readTimeShifted(name);
    }
    if (stored.isEmpty()) {
      notFound(exchange, "no object " + name + " in " + stream.path());
      return;
    }
    StoredSegment seg = stored.get();
    // The name carries the stream's lifetime token and never changes content (DESIGN.md), so it
    // is a strong validator by itself.
    String etag = "\"" + name.replace('/', '_') + "\"";
    // The live window's objects are held once, off the heap (InMemorySegmentStore): the body is
    // a view of those bytes, which sockets take as they are.
    Delivery.send(exchange, new Representation(seg.body(),
        ContentTypes.ofMediaName(name), null, etag, seg.storedAt(), CachePolicy.IMMUTABLE,
        /* immutable= */ true));
  }

  /**
   * Whether {@code name} is a CMAF segment or init segment of a time-shifted stream that its
   * playlists have listed (not the segment being written).
   */
  private static boolean listedBefore(LiveStream stream, String name) {
    Matcher m = TIME_SHIFTED.matcher(name);
    StreamView view = stream.view();
    return stream.timeShifted() && m.matches() && view != null
        && Long.parseLong(m.group(2)) <= view.listed().lastSegment().sequenceNumber();
  }

  private static void notFound(HttpServerExchange exchange, String message) {
    Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, message + "\n");
  }
}
