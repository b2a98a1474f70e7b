package io.headwater.origin.cluster;

import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.ContentTypes;
import io.headwater.origin.security.ManifestTokens;
import io.headwater.origin.security.PlaybackToken;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import io.headwater.storage.s3.ObjectMetadata;
import io.headwater.storage.s3.ObjectStoreException;
import io.headwater.storage.s3.S3ObjectStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /APP/STREAM/...} on an origin node: every object is read from the object store. A
 * stream is known when its registry object exists (404 otherwise, whoever asks); playlists and
 * MPDs are the latest stored objects, with the live cache lifetime of the stream's target
 * duration (or the ended one once the registry says ended); segments and init segments are
 * immutable. A live stream whose registry object has not been rewritten for {@link
 * #STALE_MILLIS} lost its ingest node: its media playlists are served ended and its MPD static
 * ({@link StaticMpd}). The stored MPD's
 * UTCTiming URL is replaced by this node's {@code /time}. In applications that need a playback
 * token (checked by the {@code PlaybackGuard} in front of every route), a manifest requested
 * with one carries it on every relative URI ({@link ManifestTokens}), as on an ingest node.
 * Reads block on the store, so requests leave the I/O thread.
 */
final class StoreOriginHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(StoreOriginHandler.class);
  /**
   * A live stream whose registry object is older than this lost its ingest node (the node
   * rewrites it every few seconds while the stream lives, publisher present or not).
   */
  static final long STALE_MILLIS = 30_000;
  /** How long a registry object is reused before it is read again. */
  private static final long RECORD_TTL_MILLIS = 1_000;
  /** Streams whose registry object is remembered; beyond it the memo starts over. */
  private static final int MAX_REMEMBERED_STREAMS = 10_000;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final S3ObjectStore store;
  private final CachePolicy policy;
  private final Clock clock;
  /** Applications whose manifests carry the request's playback token on their URIs. */
  private final Set<String> tokenApps;
  private final ConcurrentHashMap<String, Remembered> records = new ConcurrentHashMap<>();

  private record Remembered(Optional<StreamRecord> record, long readMillis) {}

  StoreOriginHandler(S3ObjectStore store, CachePolicy policy, Clock clock,
      Set<String> tokenApps) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.tokenApps = Set.copyOf(tokenApps);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.GET)
        && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, OPTIONS");
      text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE, "method not allowed");
      return;
    }
    String[] parts = exchange.getRelativePath().replaceFirst("^/", "").split("/", 3);
    if (parts.length < 3) {
      text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "not found");
      return;
    }
    String stream = parts[0] + "/" + parts[1];
    String name = parts[2];
    try {
      new SegmentKey(stream, name);
    } catch (IllegalArgumentException e) {
      text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NO_STORE, "bad path");
      return;
    }
    try {
      serve(exchange, stream, name);
    } catch (ObjectStoreException e) {
      log.warn("object store read failed stream={} name={}: {}", stream, name, e.getMessage());
      text(exchange, StatusCodes.BAD_GATEWAY, CachePolicy.NO_STORE, "object store unavailable");
    }
  }

  private void serve(HttpServerExchange exchange, String stream, String name) {
    Optional<StreamRecord> record = record(stream);
    if (record.isEmpty()) {
      text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "no such stream");
      return;
    }
    Optional<StoredSegment> object = store.get(ObjectKeys.media(stream, name));
    if (object.isEmpty()) {
      text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "not found");
      return;
    }
    boolean manifest = name.endsWith(".m3u8") || name.endsWith(".mpd");
    byte[] body = object.get().bytes();
    String cacheControl = CachePolicy.IMMUTABLE;
    if (manifest) {
      int td = Math.max(1, record.get().targetDurationSeconds());
      cacheControl = record.get().ended() ? policy.endedManifest()
          : name.equals(SegmentNames.MULTIVARIANT_PLAYLIST) ? policy.multivariant(td)
          : policy.liveManifest(td);
      boolean orphaned = !record.get().ended()
          && clock.millis() - record.get().updatedMillis() > STALE_MILLIS;
      if (orphaned && name.endsWith(".m3u8")
          && !name.equals(SegmentNames.MULTIVARIANT_PLAYLIST)) {
        body = endList(body);
      }
      if (orphaned && name.equals(SegmentNames.MPD)) {
        try {
          body = StaticMpd.of(body);
        } catch (IllegalArgumentException e) {
          log.warn("stored MPD of {} not turned static: {}", stream, e.getMessage());
        }
      }
      if (name.equals(SegmentNames.MPD)) {
        String time = exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + "/time";
        body = new String(body, StandardCharsets.UTF_8).replace(ObjectKeys.TIME_PLACEHOLDER, time)
            .getBytes(StandardCharsets.UTF_8);
      }
      body = withToken(exchange, stream, name, body);
    }
    // Strong validators (RFC 9110 8.8.3): a segment's name never changes content; a manifest's
    // bytes are hashed, so an edge revalidating an expired playlist gets 304 when it is the same.
    String etag = "\"" + (manifest ? digest(body) : name.replace('/', '-')) + "\"";
    exchange.getResponseHeaders().put(Headers.ETAG, etag);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    exchange.getResponseHeaders().put(Headers.LAST_MODIFIED,
        HTTP_DATE.format(object.get().storedAt()));
    String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*")
        || java.util.Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
            .map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals))) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED); // RFC 9110 13.1.2, 15.4.5
      exchange.endExchange();
      return;
    }
    send(exchange, StatusCodes.OK, ObjectMetadata.forName(name).contentType(), body);
  }

  /**
   * The media playlist of a stream whose ingest node is gone, ended (RFC 8216 4.3.3.4
   * EXT-X-ENDLIST: no more segments will be added), so that players stop cleanly at its last
   * segment instead of reloading a playlist that no longer advances.
   */
  private static byte[] endList(byte[] playlist) {
    String text = new String(playlist, StandardCharsets.UTF_8);
    if (text.contains("#EXT-X-ENDLIST")) {
      return playlist;
    }
    return (text.endsWith("\n") ? text : text + "\n").concat("#EXT-X-ENDLIST\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The manifest with the request's playback token on every relative URI, when the stream's
   * application needs one and the request carries it; {@code body} itself otherwise. Players
   * resolve relative URIs against the manifest URL but drop its query, so without this only a
   * player that keeps the guard's cookie would get past the manifest.
   */
  private byte[] withToken(HttpServerExchange exchange, String stream, String name,
      byte[] body) {
    if (!tokenApps.contains(stream.substring(0, stream.indexOf('/')))) {
      return body;
    }
    String token = first(exchange, PlaybackToken.TOKEN_PARAMETER);
    String exp = first(exchange, PlaybackToken.EXPIRY_PARAMETER);
    if (token == null || exp == null) {
      return body; // let in by the guard's cookie: the player keeps sending that
    }
    // The guard checked both (a hex or base64url signature, digits): safe in a URI unescaped.
    String query = PlaybackToken.TOKEN_PARAMETER + "=" + token + "&"
        + PlaybackToken.EXPIRY_PARAMETER + "=" + exp;
    String text = new String(body, StandardCharsets.UTF_8);
    return (name.endsWith(".mpd") ? ManifestTokens.mpd(text, query)
        : ManifestTokens.hls(text, query)).getBytes(StandardCharsets.UTF_8);
  }

  private static String first(HttpServerExchange exchange, String parameter) {
    Deque<String> values = exchange.getQueryParameters().get(parameter);
    return values == null || values.isEmpty() ? null : values.peekFirst();
  }

  private static String digest(byte[] body) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      return java.util.HexFormat.of().formatHex(hash, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private Optional<StreamRecord> record(String stream) {
    long now = clock.millis();
    Remembered r = records.get(stream);
    if (r != null && now - r.readMillis() < RECORD_TTL_MILLIS) {
      return r.record();
    }
    // One byte past the limit is enough to refuse an oversized object without reading it all.
    Optional<StreamRecord> read = store.getRange(ObjectKeys.registry(stream), 0,
        StreamRecord.MAX_BYTES + 1).flatMap(bytes -> {
      try {
        return Optional.of(StreamRecord.fromJson(bytes));
      } catch (IllegalArgumentException e) {
        log.warn("stream registry object unreadable stream={}: {}", stream, e.getMessage());
        return Optional.empty();
      }
    });
    if (records.size() >= MAX_REMEMBERED_STREAMS) {
      records.clear();
    }
    records.put(stream, new Remembered(read, now));
    return read;
  }

  private static void text(HttpServerExchange exchange, int status, String cacheControl,
      String body) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    send(exchange, status, ContentTypes.TEXT, (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpServerExchange exchange, int status, String contentType,
      byte[] body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
