package io.headwater.origin.transcode;

import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.auth.AuthDecision;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal publish credentials of the transcoders' rungs: each ffmpeg launch gets a fresh
 * random credential (128 bits) that admits, once each, the rung names of that launch
 * ({@code APP/SOURCE_RUNG}) while its source is live, from this host only, in place of the
 * application's keys, signed URLs and webhook. It never admits a source name, is revoked when
 * the transcoder stops or launches again, and is used up by the publish it admits, so that the
 * copy a local user may read on the ffmpeg command line is worth nothing once ffmpeg connected.
 */
final class RungCredentials {
  /** The query parameter of a rung's publish URL that carries the credential. */
  static final String PARAMETER = "hw_rung";
  private static final int CREDENTIAL_BYTES = 16;

  private final SecureRandom random = new SecureRandom();
  /** APP/STREAM of a rung waiting for its publish -> the credential that admits it. */
  private final ConcurrentHashMap<String, String> grants = new ConcurrentHashMap<>();

  /** A new credential for the rung names {@code rungs} of {@code app}, replacing older ones. */
  String issue(String app, List<String> rungs) {
    byte[] bytes = new byte[CREDENTIAL_BYTES];
    random.nextBytes(bytes);
    String credential = HexFormat.of().formatHex(bytes);
    for (String rung : rungs) {
      grants.put(app + "/" + rung, credential);
    }
    return credential;
  }

  /** Withdraws what {@code credential} still admits of {@code rungs} (the transcoder stopped). */
  void revoke(String app, List<String> rungs, String credential) {
    for (String rung : rungs) {
      grants.remove(app + "/" + rung, credential);
    }
  }

  /**
   * The decision for a publish that presents {@code given}: allowed, and the grant used up, when
   * it comes from this host and matches the credential waiting for its name.
   */
  AuthDecision check(PublishRequest request, String given) {
    InetAddress from = request.remote().getAddress();
    if (!isThisHost(from)) {
      return AuthDecision.deny("transcoder credential accepted from this host only");
    }
    String key = request.app() + "/" + request.stream();
    String expected = grants.get(key);
    // Constant time, so that the comparison does not tell how much of a guess was right.
    if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.US_ASCII))) {
      return AuthDecision.deny("transcoder credential not valid for " + key);
    }
    if (!grants.remove(key, expected)) {
      return AuthDecision.deny("transcoder credential already used for " + key);
    }
    return AuthDecision.allow();
  }

  private static boolean isThisHost(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return true;
    }
    try {
      // The origin bound to one address reaches itself there, not on loopback.
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
