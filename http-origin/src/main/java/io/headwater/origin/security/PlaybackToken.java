package io.headwater.origin.security;

import io.headwater.ingest.auth.Hmac;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;

/**
 * Signed, expiring playback tokens in the manner of nginx {@code secure_link} and Wowza
 * SecureToken: {@code ?token=SIG&exp=UNIX_SECONDS} where SIG is HMAC-SHA256 under the app's
 * playback secret, in hex or base64url, over {@code /APP/STREAM/:EXP} (any client) or
 * {@code /APP/STREAM/:EXP:CLIENT_IP} (only that client; IPv4 dotted, IPv6 in the RFC 5952
 * form, e.g. {@code 2001:db8::1}). One token covers every object below the stream's prefix.
 */
public final class PlaybackToken {
  /** The query parameter with the signature. */
  public static final String TOKEN_PARAMETER = "token";
  /** The query parameter with the expiry, seconds since the Unix epoch. */
  public static final String EXPIRY_PARAMETER = "exp";
  private static final int MAX_EXPIRY_DIGITS = 12;

  /** Why a request was let in or not. */
  public enum Verdict {
    VALID, MISSING, MALFORMED, WRONG_SIGNATURE, EXPIRED
  }

  private final Hmac hmac;
  private final Clock clock;

  public PlaybackToken(String secret, Clock clock) {
    this.hmac = new Hmac(secret);
    this.clock = clock;
  }

  /** The string a token signs; {@code clientIp} null for a token any client may use. */
  public static String signedString(String pathPrefix, long expirySeconds, String clientIp) {
    return pathPrefix + ":" + expirySeconds + (clientIp == null ? "" : ":" + clientIp);
  }

  /** A token for {@code pathPrefix} until {@code expirySeconds}, in hex (for tests, tools). */
  public String sign(String pathPrefix, long expirySeconds, String clientIp) {
    return hmac.signHex(signedString(pathPrefix, expirySeconds, clientIp));
  }

  /** Checks {@code token} and {@code exp} (raw query values, null when absent). */
  public Verdict check(String pathPrefix, String token, String exp, InetAddress client) {
    if (token == null || exp == null) {
      return Verdict.MISSING;
    }
    if (exp.isEmpty() || exp.length() > MAX_EXPIRY_DIGITS
        || !exp.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Verdict.MALFORMED;
    }
    long expiry = Long.parseLong(exp);
    if (!hmac.verify(signedString(pathPrefix, expiry, null), token)
        && !hmac.verify(signedString(pathPrefix, expiry, textOf(client)), token)) {
      return Verdict.WRONG_SIGNATURE;
    }
    return expiry > clock.instant().getEpochSecond() ? Verdict.VALID : Verdict.EXPIRED;
  }

  /**
   * A token for {@code toPrefix} with the expiry of {@code token} and bound to {@code client}
   * when {@code token} is, so that a manifest of an ABR group can hand its viewer the tokens of
   * the group's renditions; null when {@code token} is not valid for {@code fromPrefix}.
   */
  public String derive(String fromPrefix, String token, String exp, InetAddress client,
      String toPrefix) {
    if (check(fromPrefix, token, exp, client) != Verdict.VALID) {
      return null;
    }
    long expiry = Long.parseLong(exp);
    boolean anyClient = hmac.verify(signedString(fromPrefix, expiry, null), token);
    return sign(toPrefix, expiry, anyClient ? null : textOf(client));
  }

  /** IPv4 dotted quad; IPv6 in RFC 5952 4 form (lower case, longest zero run as ::). */
  static String textOf(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952 4.2.2: a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
