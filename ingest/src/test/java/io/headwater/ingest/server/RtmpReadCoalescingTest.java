package io.headwater.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.message.RtmpMessage.AudioMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * While media flows, a publisher's connection thread takes what arrived over a short interval in
 * one wake-up ({@link RtmpConnection#COALESCE_NANOS}) instead of waking for every tag.
 */
class RtmpReadCoalescingTest {
  private static final int TAGS = 60;
  private static final long SPACING_NANOS = 3_000_000;

  @Test
  void tagsSentEvery3MsReachThePipelineInFewerBatchesThanTags() throws Exception {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    List<Long> timestamps = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    PublishHandler handler = (PublishRequest request) -> new StreamPublisher() {
      @Override
      public void onTag(FlvTag tag) {
        arrivals.add(System.nanoTime());
        timestamps.add(tag.timestampMs());
        if (timestamps.size() == TAGS) {
          all.complete(null);
        }
      }

      @Override
      public void onUnpublish(boolean clean) {}
    };
    try (RtmpServer server = new RtmpServer(RtmpServerConfig.loopback(0), handler)) {
      server.start();
      try (RtmpTestClient client = new RtmpTestClient(server.port())) {
        client.publish("live", "paced");
        long next = System.nanoTime();
        for (int i = 0; i < TAGS; i++) {
          // Paced like an encoder's audio, one TCP write per tag.
          LockSupport.parkNanos(next - System.nanoTime());
          client.send(4, new AudioMessage(i * 3L, 1, new byte[] {(byte) 0xAF, 1, 0x21, 0x10}),
              i * 3L);
          next += SPACING_NANOS;
        }
        all.get(10, TimeUnit.SECONDS);
      }
    }

    assertThat(timestamps).isSorted().hasSize(TAGS);
    // Tags handed over in one read arrive within microseconds of each other; a wake-up per tag
    // would make about 60 groups 3 ms apart.
    int batches = 1;
    for (int i = 1; i < arrivals.size(); i++) {
      if (arrivals.get(i) - arrivals.get(i - 1) > 1_000_000) {
        batches++;
      }
    }
    assertThat(batches).as("wake-ups for %d tags sent over %d ms", TAGS,
        TAGS * SPACING_NANOS / 1_000_000).isLessThanOrEqualTo(TAGS / 2);
  }
}
