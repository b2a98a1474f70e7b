package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishRequest;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticKeyAuthorizerTest {
  private static PublishRequest request(String stream, Map<String, String> query) {
    return new PublishRequest("live", stream, query, new InetSocketAddress("127.0.0.1", 5000),
        "rtmp-conn-1");
  }

  private final StaticKeyAuthorizer keys = new StaticKeyAuthorizer(new StaticKeysConfig(
      Map.of("cam1", "s3cret", StaticKeysConfig.ANY_STREAM, "shared")));

  @Test
  void rightKeyIsAllowed() {
    assertThat(keys.authorize(request("cam1", Map.of("key", "s3cret"))).allowed()).isTrue();
  }

  @Test
  void wrongOrMissingKeyIsDeniedWithAReason() {
    assertThat(keys.authorize(request("cam1", Map.of("key", "shared"))))
        .isEqualTo(AuthDecision.deny("wrong publish key"));
    assertThat(keys.authorize(request("cam1", Map.of())).reason()).contains("missing");
  }

  @Test
  void unlistedStreamUsesTheWildcardKey() {
    assertThat(keys.authorize(request("cam2", Map.of("key", "shared"))).allowed()).isTrue();
    assertThat(keys.authorize(request("cam2", Map.of("key", "s3cret"))).allowed()).isFalse();
  }

  @Test
  void withoutWildcardAnUnlistedStreamIsDenied() {
    StaticKeyAuthorizer only = new StaticKeyAuthorizer(new StaticKeysConfig(Map.of("a", "k")));
    assertThat(only.authorize(request("b", Map.of("key", "k"))).reason())
        .contains("no publish key configured for stream b");
  }

  @Test
  void noKeysAllowsEverything() {
    assertThat(new StaticKeyAuthorizer(new StaticKeysConfig(Map.of()))
        .authorize(request("x", Map.of())).allowed()).isTrue();
  }
}
