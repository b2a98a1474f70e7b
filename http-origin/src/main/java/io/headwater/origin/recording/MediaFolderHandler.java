package io.headwater.origin.recording;

import io.headwater.origin.http.CachePolicy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes {@code /vod/NAME.flv/...} and {@code /vod/NAME.mp4/...} to the {@link MediaFolder} and everything else under {@code
 * /vod} to the recordings. {@code /vod/NAME.flv/index.m3u8} (or {@code v.m3u8}, {@code
 * index.mpd}, ...) packages the file's current version if needed and redirects (302, cacheable
 * for a minute) to {@code /vod/NAME.flv/VERSION/...}, which is served like a finished recording:
 * VOD playlists, a static MPD, immutable segments. An RTMP application whose name ends in
 * {@code .flv} or {@code .mp4} is therefore not reachable under {@code /vod}.
 */
final class MediaFolderHandler implements HttpHandler {
  private static final Pattern FILE = Pattern.compile(
      "/([A-Za-z0-9._-]{1,60}\\.(?:flv|mp4))/(?:([a-z0-9]{1,20})/)?(.+)");
  private static final String REDIRECT_CACHE = "public, max-age=60";

  private final MediaFolder media;
  private final HttpHandler recordings;

  MediaFolderHandler(MediaFolder media, HttpHandler recordings) {
    this.media = media;
    this.recordings = recordings;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Matcher m = FILE.matcher(exchange.getRelativePath());
    if (!m.matches()) {
      recordings.handleRequest(exchange);
      return;
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String name = m.group(1);
    String version = m.group(2);
    String rest = m.group(3);
    if (version == null) {
      Optional<RecordingId> current;
      try {
        current = media.current(name);
      } catch (MediaFolder.UnplayableException e) {
        HttpReplies.text(exchange, StatusCodes.UNPROCESSABLE_ENTITY, CachePolicy.NOT_FOUND,
            e.getMessage() + "\n");
        return;
      }
      if (current.isEmpty()) {
        HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND,
            "no media file " + name + "\n");
        return;
      }
      String location = "/vod/" + name + "/" + current.get().epoch() + "/" + rest;
      exchange.getResponseHeaders().put(Headers.LOCATION, location);
      HttpReplies.text(exchange, StatusCodes.FOUND, REDIRECT_CACHE, "see " + location + "\n");
      return;
    }
    try {
      RecordingId id = new RecordingId(MediaFolder.APP, name, version);
      if (media.catalog().manifest(id).isPresent()) {
        media.used(id);
      }
    } catch (IllegalArgumentException e) {
      HttpReplies.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NO_STORE, "bad path\n");
      return;
    }
    exchange.setRelativePath("/" + MediaFolder.APP + "/" + name + "/" + version + "/" + rest);
    new VodHandler(media.store(), media.catalog(), id -> false, app -> Duration.ZERO,
        (app, stream) -> Optional.empty()).handleRequest(exchange);
  }
}
