package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.headwater.ingest.PublishRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real local HTTP server (the JDK's). */
class HttpCallbackAuthorizerTest {
  private HttpServer web;
  private final AtomicReference<String> lastBody = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext("/ok", exchange -> {
      lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    web.createContext("/no", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(403, -1);
      exchange.close();
    });
    web.createContext("/slow", exchange -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    web.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    web.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    web.stop(0);
  }

  private HttpCallbackAuthorizer hook(String path, Duration timeout) {
    return new HttpCallbackAuthorizer(new HttpCallbackConfig(
        URI.create("http://127.0.0.1:" + web.getAddress().getPort() + path), timeout));
  }

  private static PublishRequest request() {
    return new PublishRequest("live", "cam 1", Map.of("key", "a&b", "app", "spoof"),
        new InetSocketAddress("10.1.2.3", 5000), "rtmp-conn-7");
  }

  @Test
  void twoHundredsAllowAndTheFormNamesThePublish() {
    assertThat(hook("/ok", Duration.ofSeconds(2)).authorize(request()).allowed()).isTrue();
    assertThat(lastBody.get()).startsWith("call=publish&app=live&name=cam+1&addr=10.1.2.3"
        + "&clientid=rtmp-conn-7").contains("key=a%26b").doesNotContain("spoof");
  }

  @Test
  void otherStatusDenies() {
    AuthDecision d = hook("/no", Duration.ofSeconds(2)).authorize(request());
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("publish webhook answered 403");
  }

  @Test
  void timeoutDenies() {
    AuthDecision d = hook("/slow", Duration.ofMillis(300)).authorize(request());
    assertThat(d).isEqualTo(AuthDecision.deny("publish webhook timed out"));
  }

  @Test
  void unreachableDenies() throws Exception {
    HttpCallbackAuthorizer dead = new HttpCallbackAuthorizer(new HttpCallbackConfig(
        URI.create("http://127.0.0.1:1/hook"), Duration.ofSeconds(1)));
    assertThat(dead.authorize(request()).reason()).isEqualTo("publish webhook unreachable");
  }
}
