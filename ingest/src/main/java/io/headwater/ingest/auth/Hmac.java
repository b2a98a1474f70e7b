package io.headwater.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) over a UTF-8 string, and the constant-time check of a
 * signature given as 64 hex digits or as 43 base64url characters (RFC 4648 5, with or without
 * the one '=' of padding). Shared by signed publish URLs and playback tokens.
 */
public final class Hmac {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{43}=?");

  private final SecretKeySpec key;

  /** A signer with {@code secret} (its UTF-8 bytes are the HMAC key). */
  public Hmac(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("HMAC secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The 32-byte HMAC-SHA256 of {@code message}. */
  public byte[] sign(String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }

  /** The signature of {@code message} in lower-case hex, as {@code openssl dgst -hex} prints. */
  public String signHex(String message) {
    return HexFormat.of().formatHex(sign(message));
  }

  /**
   * Whether {@code given} (hex or base64url) is the signature of {@code message}; false for
   * anything that is neither, without telling how much of it matched.
   */
  public boolean verify(String message, String given) {
    if (given == null) {
      return false;
    }
    byte[] decoded;
    if (HEX.matcher(given).matches()) {
      decoded = HexFormat.of().parseHex(given);
    } else if (BASE64URL.matcher(given).matches()) {
      decoded = Base64.getUrlDecoder().decode(given.endsWith("=") ? given : given + "=");
    } else {
      return false;
    }
    return MessageDigest.isEqual(sign(message), decoded);
  }
}
