package io.headwater.ingest.auth;

import java.util.Objects;

/**
 * The answer of a {@link PublishAuthorizer}.
 *
 * @param allowed whether the publish may go on
 * @param reason why it was denied, as sent to the publisher and logged; empty when allowed
 */
public record AuthDecision(boolean allowed, String reason) {
  private static final AuthDecision ALLOW = new AuthDecision(true, "");

  public AuthDecision {
    Objects.requireNonNull(reason, "reason");
  }

  public static AuthDecision allow() {
    return ALLOW;
  }

  public static AuthDecision deny(String reason) {
    return new AuthDecision(false, reason);
  }
}
