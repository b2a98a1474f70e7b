package io.headwater.ingest.auth;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Ways to combine authorizers: any of, all of, and one per RTMP application. */
public final class PublishAuthorizers {
  private PublishAuthorizers() {}

  /**
   * Allows a publish that one of {@code alternatives} allows (e.g. a static key or a signed URL);
   * the denial joins every reason. An empty list allows everything.
   */
  public static PublishAuthorizer anyOf(List<PublishAuthorizer> alternatives) {
    List<PublishAuthorizer> copy = List.copyOf(alternatives);
    if (copy.isEmpty()) {
      return PublishAuthorizer.ALLOW_ALL;
    }
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return request -> {
      StringJoiner reasons = new StringJoiner("; ");
      for (PublishAuthorizer a : copy) {
        AuthDecision d = a.authorize(request);
        if (d.allowed()) {
          return d;
        }
        reasons.add(d.reason());
      }
      return AuthDecision.deny(reasons.toString());
    };
  }

  /** Allows a publish only when every one of {@code checks} does, asked in order. */
  public static PublishAuthorizer allOf(List<PublishAuthorizer> checks) {
    List<PublishAuthorizer> copy = List.copyOf(checks);
    return request -> {
      for (PublishAuthorizer a : copy) {
        AuthDecision d = a.authorize(request);
        if (!d.allowed()) {
          return d;
        }
      }
      return AuthDecision.allow();
    };
  }

  /**
   * Asks the authorizer of the request's application, or {@code others} for an application
   * without one.
   */
  public static PublishAuthorizer byApp(Map<String, PublishAuthorizer> byApp,
      PublishAuthorizer others) {
    Map<String, PublishAuthorizer> copy = Map.copyOf(byApp);
    return request -> copy.getOrDefault(request.app(), others).authorize(request);
  }

  /** Refuses every publish with {@code reason}. */
  public static PublishAuthorizer denyAll(String reason) {
    AuthDecision deny = AuthDecision.deny(reason);
    return request -> deny;
  }
}
