package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishAuthorizersTest {
  private static final PublishAuthorizer KEY_A = r -> "a".equals(r.query().get("key"))
      ? AuthDecision.allow() : AuthDecision.deny("not a");
  private static final PublishAuthorizer KEY_B = r -> "b".equals(r.query().get("key"))
      ? AuthDecision.allow() : AuthDecision.deny("not b");

  private static PublishRequest request(String app, String key) {
    return new PublishRequest(app, "cam", Map.of("key", key),
        new InetSocketAddress("127.0.0.1", 1), "c1");
  }

  @Test
  void anyOfAllowsWhenOneAllowsAndJoinsTheReasons() {
    PublishAuthorizer any = PublishAuthorizers.anyOf(List.of(KEY_A, KEY_B));
    assertThat(any.authorize(request("live", "b")).allowed()).isTrue();
    assertThat(any.authorize(request("live", "c")).reason()).isEqualTo("not a; not b");
  }

  @Test
  void allOfStopsAtTheFirstDenial() {
    PublishAuthorizer all = PublishAuthorizers.allOf(List.of(KEY_A, KEY_B));
    assertThat(all.authorize(request("live", "a")).reason()).isEqualTo("not b");
  }

  @Test
  void byAppAsksTheAppsAuthorizerOrTheFallback() {
    PublishAuthorizer apps = PublishAuthorizers.byApp(Map.of("live", KEY_A),
        PublishAuthorizers.denyAll("unknown application"));
    assertThat(apps.authorize(request("live", "a")).allowed()).isTrue();
    assertThat(apps.authorize(request("other", "a")).reason()).isEqualTo("unknown application");
  }
}
