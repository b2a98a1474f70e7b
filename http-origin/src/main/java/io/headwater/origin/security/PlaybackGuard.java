package io.headwater.origin.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code /APP/STREAM/...} and the stream's recordings {@code /vod/APP/STREAM/...} of
 * applications with a playback rule: a viewer outside the address lists, or without a valid
 * token for that stream's prefix {@code /APP/STREAM/} (in the query, or in the
 * {@link TokenCookie} that a manifest requested with a query token sets), gets 403 for every
 * object (playlists, MPD, segments, parts, init segments, thumbnail). Other paths pass untouched.
 */
public final class PlaybackGuard implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PlaybackGuard.class);

  private final SecuritySettings settings;
  private final Map<String, PlaybackToken> tokens;
  private final HttpHandler next;
  private final LongAdder denials;
  private final Clock clock;
  /** Recordings of a stream are behind the stream's own rule and token. */
  private static final String VOD_PREFIX = "/vod/";

  /**
   * {@code tokens}: the token checker of each application that needs one; {@code denials}
   * counts the refused requests.
   */
  public PlaybackGuard(SecuritySettings settings, Map<String, PlaybackToken> tokens,
      LongAdder denials, Clock clock, HttpHandler next) {
    this.settings = settings;
    this.clock = clock;
    this.tokens = Map.copyOf(tokens);
    this.denials = denials;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String requestPath = exchange.getRelativePath();
    boolean vod = requestPath.startsWith(VOD_PREFIX);
    StreamPath path = StreamPath.of(vod ? requestPath.substring(VOD_PREFIX.length() - 1)
        : requestPath);
    PlaybackRule rule = path == null ? null : settings.playbackRule(path.app());
    if (rule == null) {
      next.handleRequest(exchange);
      return;
    }
    InetAddress client = exchange.getSourceAddress().getAddress();
    if (!rule.addresses().permits(client)) {
      deny(exchange, path, client, "address not allowed");
      return;
    }
    PlaybackToken token = tokens.get(path.app());
    if (token != null) {
      Map<String, Deque<String>> q = exchange.getQueryParameters();
      String sig = first(q, PlaybackToken.TOKEN_PARAMETER);
      String exp = first(q, PlaybackToken.EXPIRY_PARAMETER);
      boolean fromQuery = sig != null || exp != null;
      if (!fromQuery) {
        TokenCookie.Value cookie = TokenCookie.read(exchange);
        if (cookie != null) {
          sig = cookie.token();
          exp = cookie.exp();
        }
      }
      PlaybackToken.Verdict verdict = token.check(path.prefix(), sig, exp, client);
      if (verdict != PlaybackToken.Verdict.VALID) {
        deny(exchange, path, client, switch (verdict) {
          case MISSING -> "token missing";
          case MALFORMED -> "token expiry malformed";
          case WRONG_SIGNATURE -> "token not valid for this stream";
          default -> "token expired";
        });
        return;
      }
      if (fromQuery && isManifest(path.rest())) {
        TokenCookie.set(exchange, (vod ? "/vod" : "") + path.prefix(), sig, exp,
            clock.instant().getEpochSecond());
      }
    }
    next.handleRequest(exchange);
  }

  private static boolean isManifest(String rest) {
    return rest.endsWith(".m3u8") || rest.endsWith(".mpd");
  }

  static String first(Map<String, Deque<String>> query, String name) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.peekFirst();
  }

  private void deny(HttpServerExchange exchange, StreamPath path, InetAddress client,
      String reason) {
    denials.increment();
    LOG.debug("playback refused: {} from {}: {}", path.prefix(), client.getHostAddress(),
        reason);
    exchange.setStatusCode(StatusCodes.FORBIDDEN);
    // A refusal depends on the token and the client, never cache it for others.
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send("forbidden: " + reason + "\n");
  }
}
