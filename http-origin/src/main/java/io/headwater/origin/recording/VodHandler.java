package io.headwater.origin.recording;

import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.ContentTypes;
import io.headwater.packager.media.TrackFormat;
import io.headwater.storage.FileSegmentStore;
import io.headwater.storage.SegmentKey;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /vod/APP/STREAM/EPOCH/...}: a recording as VOD. {@code index.m3u8} (multivariant),
 * {@code v.m3u8} and {@code a.m3u8} (CMAF, EXT-X-PLAYLIST-TYPE:VOD), {@code index.mpd} (static
 * DASH), and the recorded init segments and segments ({@code v/EPOCH-init-0.mp4}, {@code
 * v/EPOCH-12.m4s}). Segments carry the live segments' immutable Cache-Control; manifests of a
 * finished recording are cacheable for a day (they change only if the recording is deleted), those
 * of a recording being written for a second. While a recording is being written its manifests are
 * time-shifted live ones (see {@link VodManifests}), and {@code /vod/APP/STREAM/current/...}
 * redirects to it. Files are read on a worker thread.
 */
final class VodHandler implements HttpHandler {
  /** A finished recording's manifests: long-cacheable (DESIGN.md, VOD playlists). */
  static final String FINISHED_MANIFEST = "public, max-age=86400";
  static final String ACTIVE_MANIFEST = "public, max-age=1";
  /** The epoch alias of the recording being written. */
  static final String CURRENT = "current";

  private static final Pattern PATH = Pattern.compile(
      "/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})/(.+)");
  private static final Pattern MEDIA = Pattern.compile("[va]/[A-Za-z0-9._-]{1,200}\\.(m4s|mp4)");

  private final FileSegmentStore store;
  private final RecordingCatalog catalog;
  private final Predicate<RecordingId> active;
  private final Function<String, Duration> dvrWindowOfApp;
  private final BiFunction<String, String, Optional<RecordingId>> activeOfStream;

  VodHandler(FileSegmentStore store, RecordingCatalog catalog, Predicate<RecordingId> active,
      Function<String, Duration> dvrWindowOfApp,
      BiFunction<String, String, Optional<RecordingId>> activeOfStream) {
    this.store = store;
    this.catalog = catalog;
    this.active = active;
    this.dvrWindowOfApp = dvrWindowOfApp;
    this.activeOfStream = activeOfStream;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, OPTIONS");
      HttpReplies.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE,
          "method not allowed\n");
      return;
    }
    Matcher m = PATH.matcher(exchange.getRelativePath());
    if (!m.matches()) {
      notFound(exchange, "no such recording");
      return;
    }
    if (m.group(3).equals(CURRENT)) {
      redirectToCurrent(exchange, m.group(1), m.group(2), m.group(4));
      return;
    }
    RecordingId id;
    try {
      id = new RecordingId(m.group(1), m.group(2), m.group(3));
    } catch (IllegalArgumentException e) {
      // Dot segments and other names the storage rules refuse: a bad request, never a path.
      HttpReplies.text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NO_STORE, "bad path\n");
      return;
    }
    String rest = m.group(4);
    if (MEDIA.matcher(rest).matches()) {
      media(exchange, id, rest);
      return;
    }
    Optional<RecordingManifest> manifest = catalog.manifest(id);
    if (manifest.isEmpty()) {
      notFound(exchange, "no such recording");
      return;
    }
    RecordingManifest rm = manifest.get();
    boolean writing = active.test(id);
    Duration window = dvrWindowOfApp.apply(id.app());
    Optional<String> body = switch (rest) {
      case "index.m3u8" -> Optional.of(VodManifests.multivariant(rm));
      case "v.m3u8" -> VodManifests.mediaPlaylist(rm, TrackFormat.VIDEO_TRACK_ID, writing,
          window);
      case "a.m3u8" -> VodManifests.mediaPlaylist(rm, TrackFormat.AUDIO_TRACK_ID, writing,
          window);
      case "index.mpd" -> Optional.of(VodManifests.mpd(rm, writing, window));
      default -> Optional.empty();
    };
    if (body.isEmpty()) {
      notFound(exchange, "no such object in the recording");
      return;
    }
    byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
    String type = rest.endsWith(".mpd") ? ContentTypes.DASH_MPD : ContentTypes.HLS_PLAYLIST;
    String etag = "\"" + id.epoch() + "-" + rm.segments().size() + (writing ? "w" : "f") + "-"
        + Integer.toHexString(body.get().hashCode()) + "\"";
    HttpReplies.object(exchange, type, writing ? ACTIVE_MANIFEST : FINISHED_MANIFEST, etag,
        VodManifests.updated(rm), ByteBuffer.wrap(bytes));
  }

  /**
   * {@code /vod/APP/STREAM/current/...}: a 302 to the recording being written of that stream, so
   * that a player can time-shift a live stream without knowing its epoch.
   */
  private void redirectToCurrent(HttpServerExchange exchange, String app, String stream,
      String rest) {
    Optional<RecordingId> current = activeOfStream.apply(app, stream);
    if (current.isEmpty()) {
      notFound(exchange, "no recording of " + app + "/" + stream + " is being written");
      return;
    }
    exchange.getResponseHeaders().put(Headers.LOCATION, current.get().vodBase() + rest);
    HttpReplies.text(exchange, StatusCodes.FOUND, ACTIVE_MANIFEST, "see "
        + current.get().vodBase() + rest + "\n");
  }

  private void media(HttpServerExchange exchange, RecordingId id, String name) {
    Optional<StoredSegment> object = store.get(new SegmentKey(id.streamKey(),
        id.epoch() + "/" + name));
    if (object.isEmpty()) {
      notFound(exchange, "no such object in the recording");
      return;
    }
    StoredSegment s = object.get();
    String etag = "\"" + id.epoch() + "-" + name.replace('/', '_') + "-" + s.sizeBytes() + "\"";
    HttpReplies.object(exchange, ContentTypes.ofMediaName(name), CachePolicy.IMMUTABLE, etag,
        s.storedAt(), s.body());
  }

  private static void notFound(HttpServerExchange exchange, String why) {
    HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, why + "\n");
  }
}
