package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.headwater.ingest.auth.Hmac;
import io.headwater.ingest.auth.SignedUrlAuthorizer;
import io.headwater.origin.Tools;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The publish door, with real ffmpeg publishing: static keys, signed expiring URLs, the
 * webhook, refusals counted on /metrics, and throttling of an address that keeps failing.
 */
class PublishAuthEndToEndTest {
  private static final String SECRET = "a-publish-signing-secret";

  private static final String CONFIG = """
      apps:
        live:
          publish:
            keys: { cam1: k3y-cam1 }
            signingSecret: %s
        open: {}
      """.formatted(SECRET);

  private static String signedQuery(String app, String stream, long exp) {
    String sig = new Hmac(SECRET).signHex(SignedUrlAuthorizer.signedString(app, stream, exp));
    return "?exp=" + exp + "&sig=" + sig;
  }

  private static void assertRefused(Tools.Result r, String reason) {
    assertThat(r.exitCode()).as("ffmpeg fails: %s", r.stderr()).isNotZero();
    assertThat(r.stderr()).contains(reason);
  }

  @Test
  void keysAreCheckedAndRefusalsAreCounted() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      assertRefused(origin.publish("live/cam1"), "publish key missing");
      assertRefused(origin.publish("live/cam1?key=guess"), "wrong publish key");
      assertThat(origin.exists("live", "cam1")).isFalse();
      Tools.Result ok = origin.publish("live/cam1?key=k3y-cam1");
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(origin.exists("live", "cam1")).isTrue();
      assertThat(origin.http.text("/metrics"))
          .contains("headwater_publish_auth_failures_total 2.0");
    }
  }

  @Test
  void signedUrlsPublishUntilTheyExpireAndOnlyTheirOwnStream() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      long future = Instant.now().getEpochSecond() + 300;
      Tools.Result ok = origin.publish("live/cam7" + signedQuery("live", "cam7", future));
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(origin.exists("live", "cam7")).isTrue();

      // The same signature replayed for another stream, and an expired one replayed.
      assertRefused(origin.publish("live/cam8" + signedQuery("live", "cam7", future)),
          "wrong publish URL signature");
      long past = Instant.now().getEpochSecond() - 1;
      assertRefused(origin.publish("live/cam7" + signedQuery("live", "cam7", past)),
          "publish URL expired");
      assertThat(origin.exists("live", "cam8")).isFalse();
    }
  }

  @Test
  void unlistedApplicationsAreClosedOnceAnyAppIsProtected() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      assertRefused(origin.publish("other/x"), "application not configured");
      Tools.Result open = origin.publish("open/x");
      assertThat(open.exitCode()).as(open.stderr()).isZero();
    }
  }

  @Test
  void theWebhookDecides() throws Exception {
    List<String> forms = new CopyOnWriteArrayList<>();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/on_publish", exchange -> {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      forms.add(form);
      exchange.sendResponseHeaders(form.contains("token=good") ? 204 : 403, -1);
      exchange.close();
    });
    hook.start();
    String yaml = """
        apps:
          hooked:
            publish:
              webhook: { url: "http://127.0.0.1:%d/on_publish", timeout: 2s }
        """.formatted(hook.getAddress().getPort());
    try (SecureOrigin origin = new SecureOrigin(yaml)) {
      assertRefused(origin.publish("hooked/cam?token=bad"), "publish webhook answered 403");
      Tools.Result ok = origin.publish("hooked/cam?token=good");
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(forms).hasSize(2);
      assertThat(forms.get(1)).contains("call=publish", "app=hooked", "name=cam",
          "token=good");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void anAddressThatKeepsFailingIsRefusedEvenWithTheRightKey() throws Exception {
    try (SecureOrigin origin = new SecureOrigin(CONFIG)) {
      for (int i = 0; i < 5; i++) {
        assertRefused(origin.publish("live/cam1?key=guess" + i), "wrong publish key");
      }
      assertRefused(origin.publish("live/cam1?key=k3y-cam1"),
          "too many failed publish attempts from 127.0.0.1");
      assertThat(origin.exists("live", "cam1")).isFalse();
    }
  }
}
