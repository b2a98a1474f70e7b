package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Held LL-HLS requests on an origin node over objects put in the store by the test (what an
 * ingest node writes): a blocking reload and a preload-hinted part wait until a stored
 * playlist lists their part, and past {@code limits.http.maxBlockedRequestsPerStream} a request
 * gets 503 at once, as on an ingest node.
 */
class OriginHeldRequestsTest {
  private static final String HEADER = """
      #EXTM3U
      #EXT-X-VERSION:9
      #EXT-X-TARGETDURATION:2
      #EXT-X-MEDIA-SEQUENCE:4
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5
      #EXT-X-PART-INF:PART-TARGET=0.5
      #EXT-X-MAP:URI="v/e1-init-0.mp4"
      #EXTINF:2.00000,
      v/e1-4.m4s
      #EXT-X-PART:DURATION=0.50000,URI="v/e1-5.0.m4s",INDEPENDENT=YES
      """;

  @RegisterExtension
  final StoredOriginNode origin = new StoredOriginNode("held",
      "limits: { http: { maxBlockedRequestsPerStream: 2 } }");

  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void putRecord() {
    origin.bucket().putRecord("live", "cam1", "live", 2, System.currentTimeMillis());
  }

  private void put(String name, String body) {
    origin.bucket().putMedia("live/cam1", name, body);
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return client.sendAsync(HttpRequest.newBuilder(URI.create(origin.url(path)))
        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private double held() throws Exception {
    return get("/metrics").get(10, TimeUnit.SECONDS).body().lines()
        .filter(l -> l.startsWith("headwater_http_blocked_requests"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void heldUntilStoredAndRefusedPastTheLimit() throws Exception {
    put("v.m3u8", HEADER + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/e1-5.1.m4s\"\n");
    String reload = "/live/cam1/v.m3u8?_HLS_msn=5&_HLS_part=1";
    CompletableFuture<HttpResponse<String>> first = get(reload);
    CompletableFuture<HttpResponse<String>> hinted = get("/live/cam1/v/e1-5.1.m4s");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (held() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the node's gauge until both requests are held
    }
    assertThat(held()).as("requests held").isEqualTo(2);

    HttpResponse<String> refused = get(reload).get(5, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).as("one more than maxBlockedRequestsPerStream")
        .isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(first).as("still held").isNotDone();
    assertThat(hinted).as("still held").isNotDone();
    assertThat(get("/live/cam1/v/e1-4.7.m4s").get(5, TimeUnit.SECONDS).statusCode())
        .as("a part of a complete segment that is not stored will not come").isEqualTo(404);

    // The ingest node stores the part, then the playlist that lists it.
    put("v/e1-5.1.m4s", "part 5.1");
    put("v.m3u8", HEADER + "#EXT-X-PART:DURATION=0.50000,URI=\"v/e1-5.1.m4s\"\n"
        + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/e1-5.2.m4s\"\n");
    HttpResponse<String> reloaded = first.get(10, TimeUnit.SECONDS);
    assertThat(reloaded.statusCode()).isEqualTo(200);
    assertThat(reloaded.body()).contains("URI=\"v/e1-5.1.m4s\"");
    assertThat(reloaded.headers().firstValue("Cache-Control")).hasValue("public, max-age=12");
    HttpResponse<String> part = hinted.get(10, TimeUnit.SECONDS);
    assertThat(part.statusCode()).isEqualTo(200);
    assertThat(part.body()).isEqualTo("part 5.1");
    assertThat(part.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(held()).as("nothing held once answered").isZero();
  }
}
