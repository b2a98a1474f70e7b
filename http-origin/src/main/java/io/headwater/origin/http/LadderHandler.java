package io.headwater.origin.http;

import io.headwater.manifest.dash.MpdWriter;
import io.headwater.origin.ladder.GroupTokens;
import io.headwater.origin.ladder.LadderMpd;
import io.headwater.origin.ladder.LadderPlaylists;
import io.headwater.origin.ladder.Rendition;
import io.headwater.origin.ladder.RenditionGroups;
import io.headwater.origin.security.ManifestTokens;
import io.headwater.origin.security.PlaybackToken;
import io.headwater.packager.timeline.SegmentNames;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the manifests of ABR groups ({@code /APP/NAME/index.m3u8}, {@code index.mpd}, {@code
 * ts/abr.m3u8}) when {@code NAME} has live renditions ({@code NAME_720} ...), and passes every
 * other request to {@code next}: the renditions' own playlists and segments stay at their own
 * URLs, which the group manifests reference relatively. Each rendering is kept until one of the
 * renditions publishes a new view, so many viewers cost one rendering per change. In an
 * application with playback tokens, a manifest requested with one carries it, and each
 * rendition's own token, on its URIs ({@link GroupTokens}); those renderings are kept per token.
 * {@code index.m3u8?ll=off} of low-latency renditions names their media playlists with {@code
 * ll=off} ({@link ManifestRequest#LEGACY_QUERY}), as a stream's own does; the group MPD is plain
 * DASH either way.
 */
public final class LadderHandler implements HttpHandler {
  private static final Pattern GROUP_MANIFEST = Pattern.compile(
      "/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})/(index\\.m3u8|index\\.mpd|ts/abr\\.m3u8)");
  private static final MpdWriter MPD_WRITER = new MpdWriter();
  /** Renderings kept at most; the MPD's differ per Host header, which clients choose. */
  private static final int MAX_RENDERED = 1_000;

  private final RenditionGroups groups;
  private final GroupTokens tokens;
  private final CachePolicy policy;
  private final HttpHandler next;
  private final ConcurrentHashMap<String, Rendered> rendered = new ConcurrentHashMap<>();

  /** One rendering of one group manifest and the renditions' state it was made from. */
  private record Rendered(String state, byte[] identity, byte[] gzip, String etag,
      Instant lastModified) {}

  public LadderHandler(RenditionGroups groups, CachePolicy policy, HttpHandler next) {
    this(groups, GroupTokens.NONE, policy, next);
  }

  /** Group manifests that carry the playback tokens of {@code tokens}' applications. */
  public LadderHandler(RenditionGroups groups, GroupTokens tokens, CachePolicy policy,
      HttpHandler next) {
    this.groups = groups;
    this.tokens = tokens;
    this.policy = policy;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRelativePath();
    // a suffix check first: every segment request passes here
    Matcher m = path.endsWith(".m3u8") || path.endsWith(".mpd")
        ? GROUP_MANIFEST.matcher(path) : null;
    boolean read = exchange.getRequestMethod().equals(Methods.GET)
        || exchange.getRequestMethod().equals(Methods.HEAD);
    if (!read || m == null || !m.matches()) {
      next.handleRequest(exchange);
      return;
    }
    List<Rendition> members = groups.members(m.group(1), m.group(2));
    if (members.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    String name = m.group(3);
    String contentType;
    String cacheControl;
    Function<List<Rendition>, String> renderer;
    String variant = "";
    int td = members.get(0).view().snapshot().targetDurationSeconds();
    if (name.equals(SegmentNames.MPD)) {
      String timeUrl = exchange.getRequestScheme() + "://" + exchange.getHostAndPort() + "/time";
      variant = timeUrl;
      contentType = ContentTypes.DASH_MPD;
      cacheControl = policy.liveManifest(td);
      renderer = r -> MPD_WRITER.write(LadderMpd.build(r, timeUrl));
    } else if (name.equals(SegmentNames.MULTIVARIANT_PLAYLIST)) {
      contentType = ContentTypes.HLS_PLAYLIST;
      cacheControl = policy.multivariant(td);
      renderer = LadderPlaylists::cmaf;
      if (ManifestRequest.legacy(exchange.getQueryParameters())
          && members.get(0).view().lowLatency().enabled()) {
        variant = ManifestRequest.LEGACY_QUERY;
        renderer = r -> ManifestTokens.hls(LadderPlaylists.cmaf(r),
            ManifestRequest.LEGACY_QUERY);
      }
    } else {
      contentType = ContentTypes.HLS_PLAYLIST;
      cacheControl = policy.multivariant(td);
      renderer = LadderPlaylists::ts;
    }
    Map<String, Deque<String>> q = exchange.getQueryParameters();
    Map<String, String> queries = tokens.queries(m.group(1), m.group(2), members,
        first(q, PlaybackToken.TOKEN_PARAMETER), first(q, PlaybackToken.EXPIRY_PARAMETER),
        exchange.getSourceAddress().getAddress());
    if (queries != null) {
      Function<List<Rendition>, String> plain = renderer;
      boolean mpd = name.equals(SegmentNames.MPD);
      renderer = r -> mpd ? GroupTokens.mpd(plain.apply(r), queries)
          : GroupTokens.hls(plain.apply(r), queries);
      variant += " " + new TreeMap<>(queries);
    }
    Rendered r = render(m.group(1) + "/" + m.group(2) + "/" + name + " " + variant, members,
        renderer);
    Responses.addVary(exchange, "Accept-Encoding");
    boolean gzip = Encodings.acceptsGzip(
        exchange.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING));
    byte[] body = gzip ? r.gzip() : r.identity();
    String etag = gzip ? r.etag().substring(0, r.etag().length() - 1) + "-gzip\"" : r.etag();
    Delivery.send(exchange, new Representation(ByteBuffer.wrap(body).asReadOnlyBuffer(),
        contentType, gzip ? Encodings.GZIP : null, etag, r.lastModified(), cacheControl,
        /* immutable= */ false));
  }

  private Rendered render(String key, List<Rendition> members,
      Function<List<Rendition>, String> renderer) {
    StringBuilder state = new StringBuilder();
    Instant lastModified = Instant.EPOCH;
    for (Rendition member : members) {
      state.append(member.stream().path()).append('@').append(member.view().etag()).append(' ');
      Instant updated = member.view().snapshot().updated();
      if (updated.isAfter(lastModified)) {
        lastModified = updated;
      }
    }
    String stateKey = state.toString();
    Rendered cached = rendered.get(key);
    if (cached != null && cached.state().equals(stateKey)) {
      return cached;
    }
    byte[] identity = renderer.apply(members).getBytes(StandardCharsets.UTF_8);
    Rendered fresh = new Rendered(stateKey, identity, Encodings.gzip(identity), etag(identity),
        lastModified);
    if (rendered.size() >= MAX_RENDERED) {
      rendered.clear();
    }
    rendered.put(key, fresh);
    return fresh;
  }

  private static String first(Map<String, Deque<String>> query, String name) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.peekFirst();
  }

  /** A strong entity tag from the content (RFC 9110 8.8.3): equal bytes, equal tags. */
  private static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"abr-" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
