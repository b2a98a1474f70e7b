package io.headwater.origin.security;

import io.headwater.origin.http.BlockingRequests;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.ContentTypes;
import io.headwater.origin.http.ManifestRequest;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.http.StreamHandler;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentNames;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * In front of the stream routes: a manifest requested with a playback token (already checked by
 * {@link PlaybackGuard}) is served with that token on every URI ({@link ManifestTokens}). The
 * rewritten text is memoized in the stream's view under a key that includes the token, so a
 * rendering is never shared between two tokens. Everything else goes to the stream routes.
 */
public final class TokenManifestHandler implements HttpHandler {
  private final Set<String> tokenApps;
  private final StreamHandler streams;
  private final StreamRegistry registry;
  private final CachePolicy policy;
  private final Manifests manifests;

  public TokenManifestHandler(Set<String> tokenApps, StreamHandler streams,
      StreamRegistry registry, CachePolicy policy, Manifests manifests) {
    this.tokenApps = Set.copyOf(tokenApps);
    this.streams = streams;
    this.registry = registry;
    this.policy = policy;
    this.manifests = manifests;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    StreamPath path = StreamPath.of(exchange.getRelativePath());
    Map<String, Deque<String>> q = exchange.getQueryParameters();
    String token = PlaybackGuard.first(q, PlaybackToken.TOKEN_PARAMETER);
    String exp = PlaybackGuard.first(q, PlaybackToken.EXPIRY_PARAMETER);
    LiveStream stream = path == null || token == null || exp == null
        || !tokenApps.contains(path.app()) || !isRead(exchange)
        ? null : registry.get(path.app(), path.stream());
    StreamView view = stream == null ? null : stream.view();
    if (view == null) {
      streams.handleRequest(exchange);
      return;
    }
    // The guard let the request in, so both are a valid signature (hex or base64url) and digits:
    // safe to repeat in a URI without escaping.
    String query = PlaybackToken.TOKEN_PARAMETER + "=" + token + "&"
        + PlaybackToken.EXPIRY_PARAMETER + "=" + exp;
    int track = cmafTrack(path.rest());
    if (track > 0) {
      cmafPlaylist(exchange, stream, view, track, query);
      return;
    }
    ManifestRequest manifest = streams.manifestFor(exchange, path.rest());
    if (manifest == null) {
      streams.handleRequest(exchange);
      return;
    }
    ManifestRequest carrying = withToken(manifest, query);
    streams.sendManifest(exchange, view, carrying, streams.cacheControl(view, carrying));
  }

  private void cmafPlaylist(HttpServerExchange exchange, LiveStream stream, StreamView view,
      int trackId, String query) throws Exception {
    BlockingRequests.PlaylistRequest request;
    try {
      request = BlockingRequests.parse(exchange.getQueryParameters());
    } catch (BlockingRequests.BadRequest e) {
      streams.handleRequest(exchange); // answers the 400
      return;
    }
    boolean legacy = ManifestRequest.legacy(exchange.getQueryParameters());
    ManifestRequest manifest = withToken(manifests.cmafRequest(trackId, request.skip(), legacy),
        query);
    if (!request.blocking() || legacy || view.snapshot().ended()
        || !view.lowLatency().enabled()) {
      streams.sendManifest(exchange, view, manifest, streams.cacheControl(view, manifest));
      return;
    }
    if (BlockingRequests.tooFarAhead(request, view, trackId) != null) {
      streams.handleRequest(exchange); // answers the 400
      return;
    }
    int td = view.snapshot().targetDurationSeconds();
    BlockingRequests.await(exchange, stream,
        v -> BlockingRequests.satisfied(request, v, trackId), Duration.ofSeconds(3L * td),
        v -> streams.sendManifest(exchange, v, manifest, policy.blockingReload(td)),
        () -> {
          exchange.setStatusCode(503);
          exchange.getResponseHeaders().put(io.undertow.util.Headers.CACHE_CONTROL,
              CachePolicy.NOT_FOUND);
          exchange.endExchange();
        });
  }

  private static ManifestRequest withToken(ManifestRequest m, String query) {
    boolean mpd = m.contentType().equals(ContentTypes.DASH_MPD);
    return new ManifestRequest(m.key() + " ?" + query, m.contentType(), m.multivariant(),
        v -> m.renderer().apply(v).map(text -> mpd ? ManifestTokens.mpd(text, query)
            : ManifestTokens.hls(text, query)));
  }

  private static int cmafTrack(String rest) {
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      if (rest.equals(SegmentNames.cmafPlaylist(trackId))) {
        return trackId;
      }
    }
    return -1;
  }

  private static boolean isRead(HttpServerExchange exchange) {
    return exchange.getRequestMethod().equals(Methods.GET)
        || exchange.getRequestMethod().equals(Methods.HEAD);
  }
}
