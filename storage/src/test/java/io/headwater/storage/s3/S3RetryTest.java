package io.headwater.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A store that answers 503 a few times: the client retries with backoff, then gives up. */
class S3RetryTest {
  private HttpServer server;
  private final AtomicInteger puts = new AtomicInteger();

  private S3ObjectStore storeFailing(int failures, int maxAttempts) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int n = puts.incrementAndGet();
      if (n <= failures) {
        byte[] body = ("<Error><Code>SlowDown</Code><Message>busy</Message></Error>").getBytes();
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
      } else {
        exchange.getResponseHeaders().add("ETag", "\"0\"");
        exchange.sendResponseHeaders(200, -1);
      }
      exchange.close();
    });
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new S3ObjectStore(new S3Settings(endpoint, "us-east-1", "b", "", "k", "s", true,
        maxAttempts, 8 << 20, 1 << 20, Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void transientFailuresAreRetried() throws Exception {
    S3ObjectStore store = storeFailing(2, 4);
    store.put("live/cam1/v/e-1.m4s", new byte[100], ObjectMetadata.forName("v/e-1.m4s"));
    assertThat(puts.get()).isEqualTo(3);
  }

  @Test
  void aStoreThatKeepsFailingIsReportedAfterTheLastAttempt() throws Exception {
    S3ObjectStore store = storeFailing(100, 3);
    assertThatThrownBy(() -> store.put("live/cam1/v/e-1.m4s", new byte[100],
        ObjectMetadata.forName("v/e-1.m4s")))
        .isInstanceOf(ObjectStoreException.class).hasMessageContaining("PUT live/cam1/v/e-1.m4s");
    assertThat(puts.get()).isEqualTo(3);
  }
}
