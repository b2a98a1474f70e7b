package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;
import java.time.Clock;
import java.time.Instant;

/**
 * Accepts publish URLs signed with a shared secret, so that keys can be handed out without
 * being stored: {@code rtmp://host/APP/STREAM?exp=UNIX_SECONDS&sig=SIGNATURE}, where SIGNATURE
 * is HMAC-SHA256 under the secret over the string {@code APP/STREAM:UNIX_SECONDS}, in hex or
 * base64url ({@link Hmac}). A signature is bound to its app, stream and expiry; once the expiry
 * has passed it is refused, however often it is replayed.
 */
public final class SignedUrlAuthorizer implements PublishAuthorizer {
  /** The query parameter with the expiry, in seconds since the Unix epoch. */
  public static final String EXPIRY_PARAMETER = "exp";
  /** The query parameter with the signature. */
  public static final String SIGNATURE_PARAMETER = "sig";
  private static final int MAX_EXPIRY_DIGITS = 12;

  private final Hmac hmac;
  private final Clock clock;

  /** Checks signatures made with {@code secret}; the expiry is compared with {@code clock}. */
  public SignedUrlAuthorizer(String secret, Clock clock) {
    this.hmac = new Hmac(secret);
    this.clock = clock;
  }

  /** The string a publish URL's signature covers: {@code APP/STREAM:EXP}. */
  public static String signedString(String app, String stream, long expirySeconds) {
    return app + "/" + stream + ":" + expirySeconds;
  }

  @Override
  public AuthDecision authorize(PublishRequest request) {
    String exp = request.query().get(EXPIRY_PARAMETER);
    String sig = request.query().get(SIGNATURE_PARAMETER);
    if (exp == null || sig == null) {
      return AuthDecision.deny("signed publish URL needed (?exp=...&sig=...)");
    }
    if (exp.isEmpty() || exp.length() > MAX_EXPIRY_DIGITS || !exp.chars().allMatch(
        c -> c >= '0' && c <= '9')) {
      return AuthDecision.deny("publish URL expiry is not a number of seconds");
    }
    long expiry = Long.parseLong(exp);
    // The signature is checked first, so that an expired URL is reported as such only when it
    // was genuine: a forged one learns nothing from the message.
    if (!hmac.verify(signedString(request.app(), request.stream(), expiry), sig)) {
      return AuthDecision.deny("wrong publish URL signature");
    }
    long now = clock.instant().getEpochSecond();
    if (expiry <= now) {
      return AuthDecision.deny("publish URL expired at " + Instant.ofEpochSecond(expiry));
    }
    return AuthDecision.allow();
  }
}
