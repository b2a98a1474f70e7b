package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedUrlAuthorizerTest {
  private static final String SECRET = "correct horse battery staple";
  private static final long NOW = 1_700_000_000L;

  private final TestClock clock = new TestClock(Instant.ofEpochSecond(NOW));
  private final SignedUrlAuthorizer signed = new SignedUrlAuthorizer(SECRET, clock);

  private static PublishRequest request(String app, String stream, Map<String, String> query) {
    return new PublishRequest(app, stream, query, new InetSocketAddress("127.0.0.1", 5000),
        "rtmp-conn-1");
  }

  private static String sign(String app, String stream, long exp) {
    return new Hmac(SECRET).signHex(SignedUrlAuthorizer.signedString(app, stream, exp));
  }

  @Test
  void theSignedStringIsAppSlashStreamColonExpiry() {
    assertThat(SignedUrlAuthorizer.signedString("live", "cam1", 1700000600L))
        .isEqualTo("live/cam1:1700000600");
    // printf '%s' 'live/cam1:1700000600' | openssl dgst -sha256 -hmac secret -hex
    assertThat(new Hmac("secret").signHex("live/cam1:1700000600"))
        .isEqualTo("b518c9fe30b6321c4f0314e045f5970ff1f5853ac37f40977b096f31684f19dd");
    // ... -binary | basenc --base64url | tr -d '=' gives the same signature in base64url
    assertThat(new Hmac("secret").verify("live/cam1:1700000600",
        "tRjJ_jC2MhxPAxTgRfWXD_H1hTrDf0CXewlvMWhPGd0")).isTrue();
  }

  @Test
  void aValidSignatureInHexOrBase64UrlIsAllowed() {
    long exp = NOW + 600;
    String hex = sign("live", "cam1", exp);
    assertThat(signed.authorize(request("live", "cam1",
        Map.of("exp", Long.toString(exp), "sig", hex))).allowed()).isTrue();
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new Hmac(SECRET).sign("live/cam1:" + exp));
    assertThat(signed.authorize(request("live", "cam1",
        Map.of("exp", Long.toString(exp), "sig", b64))).allowed()).isTrue();
  }

  @Test
  void missingParametersAreDenied() {
    assertThat(signed.authorize(request("live", "cam1", Map.of())).reason())
        .contains("signed publish URL needed");
    assertThat(signed.authorize(request("live", "cam1", Map.of("exp", "1"))).allowed())
        .isFalse();
  }

  @Test
  void aSignatureOfAnotherStreamAppOrExpiryIsDenied() {
    long exp = NOW + 600;
    String sig = sign("live", "cam1", exp);
    assertThat(signed.authorize(request("live", "cam2",
        Map.of("exp", Long.toString(exp), "sig", sig))).reason())
        .isEqualTo("wrong publish URL signature");
    assertThat(signed.authorize(request("event", "cam1",
        Map.of("exp", Long.toString(exp), "sig", sig))).allowed()).isFalse();
    assertThat(signed.authorize(request("live", "cam1",
        Map.of("exp", Long.toString(exp + 1), "sig", sig))).allowed()).isFalse();
  }

  @Test
  void anExpiredSignatureIsDeniedEvenIfItWorkedBefore() {
    long exp = NOW + 60;
    Map<String, String> query = Map.of("exp", Long.toString(exp), "sig", sign("live", "cam1", exp));
    assertThat(signed.authorize(request("live", "cam1", query)).allowed()).isTrue();
    clock.advance(Duration.ofSeconds(60));
    AuthDecision replay = signed.authorize(request("live", "cam1", query));
    assertThat(replay.allowed()).isFalse();
    assertThat(replay.reason()).startsWith("publish URL expired at");
  }

  @Test
  void garbageIsDeniedWithoutAnException() {
    for (String exp : new String[] {"", "-5", "1e9", "99999999999999999999", "12 3"}) {
      assertThat(signed.authorize(request("live", "cam1",
          Map.of("exp", exp, "sig", "00"))).allowed()).as(exp).isFalse();
    }
    for (String sig : new String[] {"", "zz", "0".repeat(63), "0".repeat(65), "+/+/"}) {
      assertThat(signed.authorize(request("live", "cam1",
          Map.of("exp", Long.toString(NOW + 60), "sig", sig))).allowed()).as(sig).isFalse();
    }
  }
}
