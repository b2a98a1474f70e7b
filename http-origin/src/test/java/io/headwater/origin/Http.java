package io.headwater.origin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny HTTP client for tests against a running origin. */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String url(String path) {
    return base + path;
  }

  public HttpResponse<byte[]> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public String text(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(path);
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + r.statusCode() + ": "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** Polls {@code path} until it answers 200 with a body containing {@code needle}. */
  public String awaitText(String path, String needle, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    int lastStatus = 0;
    while (System.nanoTime() < deadline) {
      HttpResponse<byte[]> r = get(path);
      lastStatus = r.statusCode();
      last = new String(r.body(), StandardCharsets.UTF_8);
      if (r.statusCode() == 200 && last.contains(needle)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("GET " + path + " did not contain '" + needle + "' within "
        + timeout + "; last status " + lastStatus + ", body:\n" + last);
  }
}
