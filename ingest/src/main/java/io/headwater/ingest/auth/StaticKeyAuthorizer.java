package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the {@code key} query parameter of a publish against {@link StaticKeysConfig}. */
public final class StaticKeyAuthorizer implements PublishAuthorizer {
  /** The query parameter that carries the key. */
  public static final String KEY_PARAMETER = "key";

  private final StaticKeysConfig config;

  public StaticKeyAuthorizer(StaticKeysConfig config) {
    this.config = config;
  }

  @Override
  public AuthDecision authorize(PublishRequest request) {
    if (config.keysByStream().isEmpty()) {
      return AuthDecision.allow();
    }
    String expected = config.keysByStream().getOrDefault(request.stream(),
        config.keysByStream().get(StaticKeysConfig.ANY_STREAM));
    if (expected == null) {
      return AuthDecision.deny("no publish key configured for stream " + request.stream());
    }
    String given = request.query().get(KEY_PARAMETER);
    if (given == null) {
      return AuthDecision.deny("publish key missing (?key=...)");
    }
    // Constant time, so that the comparison does not tell how much of a guess was right.
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      return AuthDecision.deny("wrong publish key");
    }
    return AuthDecision.allow();
  }
}
