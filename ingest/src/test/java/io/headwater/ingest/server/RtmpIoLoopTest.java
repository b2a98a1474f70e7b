package io.headwater.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Publishing connections served by event loops: bytes handed over with the publish, several
 * publishers on one loop, the timeouts, closes from other threads, a client that does not read
 * its replies, and a second publish on one connection (authorized on a thread of its own).
 */
class RtmpIoLoopTest {
  private static final byte[] AVC_HEADER = hex("17 00 000000 01640028ffe1");

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static byte[] frame(int n) {
    return hex("27 01 000000 000000" + String.format("%02x", n & 0xFF));
  }

  /** One loop, so that every publisher in a test shares it. */
  private static RtmpServerConfig oneLoop() {
    return RtmpServerConfig.loopback(0).withIoThreads(1);
  }

  private static RtmpServer started(RtmpServer server) throws IOException {
    server.start();
    return server;
  }

  /** Waits (polling) until {@code server} counts {@code count} open connections. */
  private static void awaitConnections(RtmpServer server, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.connectionCount() != count) {
      assertThat(System.nanoTime() - deadline).as("%d connections, %d open", count,
          server.connectionCount()).isNegative();
      LockSupport.parkNanos(5_000_000);
    }
  }

  /** Waits (polling) until {@code rec} has {@code count} tags; fails after 10 s. */
  private static void awaitTags(RecordingHandler.Recorded rec, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (rec.tags.size() < count) {
      assertThat(System.nanoTime() - deadline).as("%d tags, %d so far", count, rec.tags.size())
          .isNegative();
      LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void mediaSentTogetherWithThePublishReachesTheLoopInOrder() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(oneLoop(), handler));
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      int streamId = client.createStream("live", "together");
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      burst.write(client.encodeCommand(streamId, "publish", AmfValue.NULL,
          AmfValue.string("together"), AmfValue.string("live")));
      burst.write(client.encode(6, new VideoMessage(0, streamId, AVC_HEADER), 0));
      for (int i = 1; i <= 20; i++) {
        burst.write(client.encode(6, new VideoMessage(i * 33L, streamId, frame(i)), i * 33L));
      }
      client.sendRaw(burst.toByteArray()); // one write: the thread reads publish and media at once
      assertThat(client.awaitStatus().string("code")).isEqualTo("NetStream.Publish.Start");
      RecordingHandler.Recorded rec = handler.awaitPublish("together");
      awaitTags(rec, 21);
      for (int i = 21; i <= 40; i++) { // and what follows, read by the loop
        client.send(6, new VideoMessage(i * 33L, streamId, frame(i)), i * 33L);
      }
      client.command(streamId, "deleteStream", AmfValue.NULL, AmfValue.number(streamId));
      assertThat(rec.awaitUnpublish()).as("clean").isTrue();
      assertThat(rec.tags).hasSize(41);
      for (int i = 0; i < 41; i++) {
        assertThat(rec.tags.get(i).timestampMs()).as("tag %d", i).isEqualTo(i * 33L);
      }
      assertThat(rec.threads.get(40)).startsWith("rtmp-io-");
    }
  }

  @Test
  void garbageFromOnePublisherEndsItAloneOnTheSharedLoop() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(oneLoop(), handler));
        RtmpTestClient good = new RtmpTestClient(server.port());
        RtmpTestClient bad = new RtmpTestClient(server.port())) {
      good.publish("live", "good");
      bad.publish("live", "bad");
      RecordingHandler.Recorded goodRec = handler.awaitPublish("good");
      RecordingHandler.Recorded badRec = handler.awaitPublish("bad");
      good.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      bad.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      awaitTags(goodRec, 1);
      awaitTags(badRec, 1);

      bad.sendRaw(hex("ff ffffff ffffff 09 01000000 17")); // csid 65599, 16 MiB message: refused
      assertThat(bad.readsEndOfStream()).as("the bad publisher is closed").isTrue();
      assertThat(badRec.awaitUnpublish()).as("clean").isFalse();

      for (int i = 1; i <= 10; i++) {
        good.send(6, new VideoMessage(i * 40L, 1, frame(i)), i * 40L);
      }
      awaitTags(goodRec, 11);
      assertThat(goodRec.unpublished).isNotDone();
      awaitConnections(server, 1);
      assertThat(goodRec.threads).as("one loop served both").containsOnly("rtmp-io-1");
      assertThat(badRec.threads).containsOnly("rtmp-io-1");
    }
  }

  @Test
  void publisherWhosePipelineThrowsEndsAloneAndTheLoopGoesOn() throws Exception {
    RecordingHandler recorder = new RecordingHandler();
    PublishHandler failing = request -> {
      StreamPublisher inner = recorder.onPublish(request);
      if (!request.stream().equals("boom")) {
        return inner;
      }
      return new StreamPublisher() {
        @Override
        public void onTag(FlvTag tag) {
          throw new IllegalStateException("pipeline bug on the loop thread");
        }

        @Override
        public void onUnpublish(boolean clean) {
          inner.onUnpublish(clean);
        }
      };
    };
    try (RtmpServer server = started(new RtmpServer(oneLoop(), failing));
        RtmpTestClient good = new RtmpTestClient(server.port());
        RtmpTestClient boom = new RtmpTestClient(server.port())) {
      good.publish("live", "good");
      RecordingHandler.Recorded goodRec = recorder.awaitPublish("good");
      boom.publish("live", "boom");
      RecordingHandler.Recorded boomRec = recorder.awaitPublish("boom");
      boom.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      assertThat(boom.readsEndOfStream()).as("the failing publisher is closed").isTrue();
      assertThat(boomRec.awaitUnpublish()).as("clean").isFalse();
      assertThat(boomRec.unpublishCalls.get()).isEqualTo(1);

      for (int i = 0; i <= 3; i++) {
        good.send(6, new VideoMessage(i * 40L, 1, i == 0 ? AVC_HEADER : frame(i)), i * 40L);
      }
      awaitTags(goodRec, 4);
      assertThat(goodRec.threads).containsOnly("rtmp-io-1");
      awaitConnections(server, 1);
    }
  }

  @Test
  void silentPublisherOnALoopIsClosedAfterTheReadTimeout() throws Exception {
    RtmpServerConfig config = oneLoop().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(1))
        .withIdleTimeout(Duration.ofSeconds(30));
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(config, handler));
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      client.publish("live", "silent");
      RecordingHandler.Recorded rec = handler.awaitPublish("silent");
      long start = System.nanoTime();
      assertThat(client.readsEndOfStream()).isTrue();
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(rec.awaitUnpublish()).as("clean").isFalse();
      assertThat(waitedMs).as("closed after the 1 s read timeout, not before")
          .isBetween(900L, 9_000L);
      awaitConnections(server, 0);
    }
  }

  @Test
  void beforePublishingTheReadTimeoutBoundsTheThreadsBlockingReads() throws Exception {
    // Until the hand-off a connection reads through its channel's socket adaptor, whose
    // SO_TIMEOUT must bound a blocking read as a plain socket's does.
    RtmpServerConfig config = oneLoop().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(1))
        .withIdleTimeout(Duration.ofSeconds(30));
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(config, handler));
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      client.createStream("live", "never");
      long start = System.nanoTime();
      assertThat(client.readsEndOfStream()).isTrue();
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(waitedMs).as("closed after the 1 s read timeout, not before")
          .isBetween(900L, 9_000L);
      awaitConnections(server, 0);
      assertThat(handler.published).isEmpty();
    }
  }

  @Test
  void publisherSendingNoMediaOnALoopIsClosedAfterTheIdleTimeout() throws Exception {
    RtmpServerConfig config = oneLoop().withIdleTimeout(Duration.ofSeconds(1));
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(config, handler));
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      client.publish("live", "idle");
      RecordingHandler.Recorded rec = handler.awaitPublish("idle");
      long start = System.nanoTime();
      assertThat(client.readsEndOfStream()).isTrue();
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(rec.awaitUnpublish()).as("clean").isFalse();
      assertThat(waitedMs).as("closed after the 1 s idle timeout (read timeout 30 s)")
          .isBetween(500L, 9_000L);
    }
  }

  @Test
  void takeoverClosesTheLoopServedPublisherFromAnotherThread() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(oneLoop(), handler, PublishAuthorizer.ALLOW_ALL,
        request -> true));
        RtmpTestClient first = new RtmpTestClient(server.port());
        RtmpTestClient second = new RtmpTestClient(server.port())) {
      first.publish("live", "cam");
      RecordingHandler.Recorded firstRec = handler.awaitPublish("cam");
      first.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      awaitTags(firstRec, 1);

      AmfObject status = second.publish("live", "cam");
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.Start");
      assertThat(firstRec.unpublished).as("the first publish ended before the second began")
          .isCompletedWithValue(false);
      assertThat(first.readsEndOfStream()).isTrue();
      RecordingHandler.Recorded secondRec = handler.awaitPublish("cam");
      second.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      awaitTags(secondRec, 1);
      awaitConnections(server, 1);
    }
  }

  @Test
  void clientThatReadsNoRepliesIsClosedWithoutHoldingUpTheLoop() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(oneLoop(), handler));
        RtmpTestClient good = new RtmpTestClient(server.port());
        RtmpTestClient deaf = new RtmpTestClient(server.port(), 4096)) {
      good.publish("live", "good");
      deaf.publish("live", "deaf");
      RecordingHandler.Recorded goodRec = handler.awaitPublish("good");
      RecordingHandler.Recorded deafRec = handler.awaitPublish("deaf");
      // Each unknown command is answered with an _error naming it: 60 kB replies that the
      // client never reads, far beyond the socket buffers.
      String name = "x".repeat(60_000);
      int sent = 0;
      try {
        for (; sent < 400; sent++) {
          deaf.command(1, name, AmfValue.NULL);
        }
      } catch (IOException e) {
        // the server closed the connection while the client was still writing
      }
      assertThat(deafRec.awaitUnpublish()).as("clean").isFalse();
      assertThat(sent).as("commands sent before the close").isLessThan(400);

      good.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      awaitTags(goodRec, 1);
      assertThat(goodRec.threads).as("served by the deaf client's loop").containsOnly("rtmp-io-1");
      awaitConnections(server, 1);
    }
  }

  @Test
  void publishFailedOnTheLoopSendsItsStatusThenClosesAlone() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = started(new RtmpServer(oneLoop(), handler));
        RtmpTestClient other = new RtmpTestClient(server.port());
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      other.publish("live", "other");
      RecordingHandler.Recorded otherRec = handler.awaitPublish("other");
      client.publish("live", "hevc");
      RecordingHandler.Recorded rec = handler.awaitPublish("hevc");
      // Enhanced RTMP (IsExHeader, PacketTypeSequenceStart, FourCC hvc1): refused on the loop.
      client.send(6, new VideoMessage(0, 1, hex("90 68766331 01")), 0);
      AmfObject status = client.awaitStatus();
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.Failed");
      assertThat(status.string("description")).contains("hvc1");
      assertThat(client.readsEndOfStream()).as("the server's FIN after the status").isTrue();
      assertThat(rec.awaitUnpublish()).as("clean").isFalse();

      other.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      awaitTags(otherRec, 1);
      awaitConnections(server, 1);
    }
  }

  @Test
  void secondPublishOnOneConnectionIsAuthorizedOffTheLoop() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingHandler recorder = new RecordingHandler();
    PublishHandler slowForSecond = new PublishHandler() {
      @Override
      public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
        if (request.stream().equals("second")) {
          try {
            release.await(10, TimeUnit.SECONDS); // an authorizer waiting on an HTTP callback
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return recorder.onPublish(request);
      }
    };
    try (RtmpServer server = started(new RtmpServer(oneLoop(), slowForSecond));
        RtmpTestClient other = new RtmpTestClient(server.port());
        RtmpTestClient client = new RtmpTestClient(server.port())) {
      other.publish("live", "other");
      RecordingHandler.Recorded otherRec = recorder.awaitPublish("other");
      client.publish("live", "first");
      RecordingHandler.Recorded firstRec = recorder.awaitPublish("first");
      client.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      client.command(1, "FCUnpublish", AmfValue.NULL, AmfValue.string("first"));
      assertThat(firstRec.awaitUnpublish()).as("clean").isTrue();

      client.command(1, "publish", AmfValue.NULL, AmfValue.string("second"),
          AmfValue.string("live"));
      // While the second publish waits for its authorization, the loop serves the other one.
      for (int i = 0; i <= 5; i++) {
        other.send(6, new VideoMessage(i * 40L, 1, i == 0 ? AVC_HEADER : frame(i)), i * 40L);
      }
      awaitTags(otherRec, 6);
      release.countDown();
      assertThat(client.awaitStatus().string("code")).isEqualTo("NetStream.Publish.Start");
      RecordingHandler.Recorded secondRec = recorder.awaitPublish("second");
      client.send(6, new VideoMessage(0, 1, AVC_HEADER), 0);
      client.send(6, new VideoMessage(40, 1, frame(1)), 40);
      awaitTags(secondRec, 2);
      assertThat(secondRec.tags).extracting(FlvTag::timestampMs).containsExactly(0L, 40L);
      assertThat(secondRec.threads).allMatch(t -> t.startsWith("rtmp-io-"));
      assertThat(firstRec.tags).hasSize(1);
    }
  }
}
