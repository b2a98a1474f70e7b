package io.headwater.origin.security;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;

/**
 * The playback token as a cookie, for players that drop the query string of the URIs in a
 * manifest: {@code hw_token=EXP.TOKEN} scoped to the stream's path, set on a manifest response
 * to a request with a valid query token. HttpOnly; on TLS {@code Secure; SameSite=None} (a
 * player page on another site may send it, RFC 6265bis 5.4.7), on plain HTTP {@code SameSite=Lax}
 * since browsers refuse {@code None} without {@code Secure}.
 */
final class TokenCookie {
  /** The cookie's name. */
  static final String NAME = "hw_token";
  private static final int MAX_VALUE_LENGTH = 256;

  private TokenCookie() {}

  /** The token and expiry of a request's cookie. */
  record Value(String token, String exp) {}

  /** The request's cookie, or null when it has none or it is malformed. */
  static Value read(HttpServerExchange exchange) {
    Cookie c = exchange.getRequestCookie(NAME);
    if (c == null || c.getValue() == null || c.getValue().length() > MAX_VALUE_LENGTH) {
      return null;
    }
    String v = c.getValue();
    int dot = v.indexOf('.');
    return dot <= 0 || dot == v.length() - 1 ? null
        : new Value(v.substring(dot + 1), v.substring(0, dot));
  }

  /** Sets the cookie for {@code path} until {@code expSeconds} (epoch seconds). */
  static void set(HttpServerExchange exchange, String path, String token, String exp,
      long nowSeconds) {
    boolean tls = "https".equals(exchange.getRequestScheme());
    Cookie c = new CookieImpl(NAME, exp + "." + token)
        .setPath(path)
        .setHttpOnly(true)
        .setMaxAge((int) Math.max(0, Math.min(Integer.MAX_VALUE, Long.parseLong(exp) - nowSeconds)))
        .setSecure(tls)
        .setSameSiteMode(tls ? "None" : "Lax");
    exchange.setResponseCookie(c);
  }
}
