package io.headwater.origin.cluster;

import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.BlockingRequests;
import io.headwater.origin.http.BlockingRequests.PlaylistRequest;
import io.headwater.origin.http.ContentTypes;
import io.headwater.origin.http.ManifestRequest;
import io.headwater.origin.security.ManifestTokens;
import io.headwater.origin.security.PlaybackToken;
import io.headwater.packager.media.TrackFormat;
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
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>LL-HLS: a blocking playlist reload ({@code _HLS_msn}, {@code _HLS_part}) or a request for
 * the preload-hinted part is decided on the stored playlist as an ingest node decides on its
 * views, and held ({@link HeldRequests}) until a stored playlist answers it; {@code _HLS_skip}
 * gets a delta update made from the stored full playlist ({@link DeltaUpdate}). With {@code
 * ll=off} ({@link ManifestRequest#LEGACY_PARAMETER}) a media playlist is the stored one without
 * its LL-HLS tags and {@code _HLS_} parameters are ignored, and {@code index.m3u8} names its
 * media playlists with {@code ll=off}, as on an ingest node.
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
  /** An LL-HLS part name: {@code v/EPOCH-SEQ.PART.m4s} (SegmentNames.cmafPart). */
  private static final Pattern PART_NAME =
      Pattern.compile("([va])/([a-z0-9]+)-([0-9]{1,18})\\.([0-9]{1,9})\\.m4s");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final S3ObjectStore store;
  private final CachePolicy policy;
  private final Clock clock;
  /** Applications whose manifests carry the request's playback token on their URIs. */
  private final Set<String> tokenApps;
  private final ConcurrentHashMap<String, Remembered> records = new ConcurrentHashMap<>();
  private final HeldRequests held;

  private record Remembered(Optional<StreamRecord> record, long readMillis) {}

  StoreOriginHandler(S3ObjectStore store, CachePolicy policy, Clock clock,
      Set<String> tokenApps, PlaylistPoller poller) {
    this.store = store;
    this.held = new HeldRequests(poller);
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
    PlaylistRequest request = null;
    if (isMediaPlaylist(name) && !ManifestRequest.legacy(exchange.getQueryParameters())) {
      try {
        request = BlockingRequests.parse(exchange.getQueryParameters());
      } catch (BlockingRequests.BadRequest e) {
        text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NOT_FOUND, e.getMessage());
        return;
      }
    }
    Optional<StoredSegment> object = store.get(ObjectKeys.media(stream, name));
    if (object.isEmpty()) {
      if (!holdPart(exchange, stream, name, record.get())) {
        text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "not found");
      }
      return;
    }
    if (request != null && request.blocking()
        && holdPlaylist(exchange, stream, name, record.get(), request, object.get())) {
      return;
    }
    respond(exchange, stream, name, record.get(), object.get(), null);
  }

  /**
   * A blocking playlist reload ({@code _HLS_msn}, {@code _HLS_part}; bis 6.2.5.2) of a live
   * LL-HLS playlist: refused with 400 when too far ahead, answered at once when the stored
   * playlist satisfies it, else held until a stored one does (503 after three target
   * durations). Returns false when the parameters are to be ignored: the playlist is not a
   * low-latency one, or it ended (as its ingest node did, when that died).
   */
  private boolean holdPlaylist(HttpServerExchange exchange, String stream, String name,
      StreamRecord record, PlaylistRequest request, StoredSegment object) {
    StoredPlaylist playlist;
    try {
      playlist = StoredPlaylist.parse(object.bytes());
    } catch (IllegalArgumentException e) {
      log.warn("stored playlist unreadable stream={} name={}: {}", stream, name, e.getMessage());
      return false;
    }
    if (!playlist.lowLatency() || playlist.ended() || record.ended() || orphaned(record)) {
      return false;
    }
    String refusal = playlist.tooFarAhead(request);
    if (refusal != null) {
      text(exchange, StatusCodes.BAD_REQUEST, CachePolicy.NOT_FOUND, refusal);
      return true;
    }
    int td = Math.max(1, playlist.targetDurationSeconds());
    String cacheControl = policy.blockingReload(td); // the URL names the version (DESIGN.md)
    if (playlist.satisfies(request)) {
      respond(exchange, stream, name, record, object, cacheControl);
      return true;
    }
    held.hold(exchange, stream, ObjectKeys.media(stream, name), pollMillis(playlist),
        Duration.ofSeconds(3L * td), p -> p.satisfies(request),
        polled -> respondFromWorker(exchange, stream, name,
            () -> respond(exchange, stream, name, record, polled.object(), cacheControl)),
        () -> text(exchange, StatusCodes.SERVICE_UNAVAILABLE, CachePolicy.NOT_FOUND,
            "segment " + request.msn() + " part " + request.part()
                + " did not appear within three target durations"));
    return true;
  }

  /**
   * A part that is not stored yet but belongs to the segment being written (the preload hint,
   * bis 6.2.6) is held until the track's stored playlist lists it (the ingest node stores a
   * part before any playlist that names it), then served; one that will never come, or does not
   * come within three target durations, is a 404. Returns false when {@code name} is no such
   * part (a plain 404).
   */
  private boolean holdPart(HttpServerExchange exchange, String stream, String name,
      StreamRecord record) {
    Matcher m = PART_NAME.matcher(name);
    if (!m.matches() || record.ended() || orphaned(record) || !m.group(2).equals(record.epoch())) {
      return false;
    }
    String playlistKey = ObjectKeys.media(stream, m.group(1) + ".m3u8");
    Optional<StoredSegment> stored = store.get(playlistKey);
    if (stored.isEmpty()) {
      return false;
    }
    StoredPlaylist playlist;
    try {
      playlist = StoredPlaylist.parse(stored.get().bytes());
    } catch (IllegalArgumentException e) {
      return false;
    }
    long segment = Long.parseLong(m.group(3));
    if (!playlist.lowLatency() || playlist.lists(name) || !playlist.partMayStillCome(segment)) {
      return false;
    }
    int td = Math.max(1, playlist.targetDurationSeconds());
    held.hold(exchange, stream, playlistKey, pollMillis(playlist), Duration.ofSeconds(3L * td),
        p -> p.lists(name) || !p.partMayStillCome(segment),
        polled -> respondFromWorker(exchange, stream, name, () -> {
          Optional<StoredSegment> part = polled.playlist().lists(name)
              ? store.get(ObjectKeys.media(stream, name)) : Optional.empty();
          if (part.isPresent()) {
            respond(exchange, stream, name, record, part.get(), null);
          } else {
            text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "part " + name
                + " will not be made");
          }
        }),
        () -> text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND, "part " + name
            + " did not appear"));
    return true;
  }

  /** Whether {@code name} is a CMAF media playlist, the LL-HLS one with parts. */
  private static boolean isMediaPlaylist(String name) {
    return name.equals(SegmentNames.cmafPlaylist(TrackFormat.VIDEO_TRACK_ID))
        || name.equals(SegmentNames.cmafPlaylist(TrackFormat.AUDIO_TRACK_ID));
  }

  /** {@code _HLS_skip=YES} or {@code v2} (bis 6.2.5.1); its other parameters were checked. */
  private static boolean deltaUpdateAsked(HttpServerExchange exchange) {
    try {
      return BlockingRequests.parse(exchange.getQueryParameters()).skip();
    } catch (BlockingRequests.BadRequest e) {
      return false;
    }
  }

  /** How often a held request's playlist is read: half a part target (50 ms to 1 s). */
  private static long pollMillis(StoredPlaylist playlist) {
    return Math.max(50, Math.min(1_000, playlist.partTargetMicros() / 2_000));
  }

  /** Runs the answer to a held request, with the store errors the handler answers too. */
  private static void respondFromWorker(HttpServerExchange exchange, String stream, String name,
      Runnable answer) {
    try {
      answer.run();
    } catch (ObjectStoreException e) {
      log.warn("object store read failed stream={} name={}: {}", stream, name, e.getMessage());
      text(exchange, StatusCodes.BAD_GATEWAY, CachePolicy.NO_STORE, "object store unavailable");
    }
  }

  private boolean orphaned(StreamRecord record) {
    return !record.ended() && clock.millis() - record.updatedMillis() > STALE_MILLIS;
  }

  /**
   * Sends a stored object: a manifest as of its kind and the stream's state ({@code
   * cacheControl}, when not null, in place of the usual lifetime), anything else immutable.
   */
  private void respond(HttpServerExchange exchange, String stream, String name,
      StreamRecord record, StoredSegment object, String cacheControlOverride) {
    boolean manifest = name.endsWith(".m3u8") || name.endsWith(".mpd");
    byte[] body = object.bytes();
    String cacheControl = CachePolicy.IMMUTABLE;
    if (manifest) {
      int td = Math.max(1, record.targetDurationSeconds());
      cacheControl = record.ended() ? policy.endedManifest()
          : name.equals(SegmentNames.MULTIVARIANT_PLAYLIST) ? policy.multivariant(td)
          : policy.liveManifest(td);
      if (cacheControlOverride != null) {
        cacheControl = cacheControlOverride;
      }
      boolean orphaned = orphaned(record);
      if (orphaned && name.endsWith(".m3u8")
          && !name.equals(SegmentNames.MULTIVARIANT_PLAYLIST)) {
        // No preload hint or part of an unfinished segment after EXT-X-ENDLIST (bis 4.4.5.3).
        body = endList(LowLatencyTags.strip(new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));
      } else if (isMediaPlaylist(name) && ManifestRequest.legacy(exchange.getQueryParameters())) {
        body = LowLatencyTags.plain(new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
      } else if (name.equals(SegmentNames.MULTIVARIANT_PLAYLIST)
          && ManifestRequest.legacy(exchange.getQueryParameters())) {
        body = ManifestTokens.hls(new String(body, StandardCharsets.UTF_8),
            ManifestRequest.LEGACY_QUERY).getBytes(StandardCharsets.UTF_8);
      } else if (isMediaPlaylist(name) && deltaUpdateAsked(exchange)) {
        body = DeltaUpdate.of(new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
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
        HTTP_DATE.format(object.storedAt()));
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
