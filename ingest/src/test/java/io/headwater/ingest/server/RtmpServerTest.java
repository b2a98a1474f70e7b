package io.headwater.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.message.RtmpMessage.AudioMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.DataMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.UserControl;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import io.headwater.packager.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtmpServerTest {
  private final RecordingHandler handler = new RecordingHandler();
  private RtmpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = new RtmpServer(RtmpServerConfig.loopback(0), handler);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  /** "@setDataFrame", "onMetaData", ECMA array {width: 640.0}, as ffmpeg sends it. */
  private static byte[] setDataFrame(byte[] metaData) {
    ByteWriter w = new ByteWriter();
    w.u8(2).u16(13).ascii("@setDataFrame");
    w.bytes(metaData);
    return w.toByteArray();
  }

  private static byte[] onMetaData() {
    ByteWriter w = new ByteWriter();
    w.u8(2).u16(10).ascii("onMetaData");
    w.u8(8).u32(1); // ECMA array, 1 property
    w.u16(5).ascii("width").u8(0).u64(Double.doubleToLongBits(640));
    w.u16(0).u8(9); // object end
    return w.toByteArray();
  }

  @Test
  void publisherTagsReachTheHandlerInOrderWithRequestDetails() throws Exception {
    byte[] avcHeader = hex("17 00 000000 01640028ffe1");
    byte[] aacHeader = hex("af 00 1190");
    byte[] video = hex("27 01 000021 0000000165");
    byte[] audio = hex("af 01 2110");
    try (RtmpTestClient client = new RtmpTestClient(server.port())) {
      AmfObject status = client.publish("live?token=t1", "cam1?key=k%201");
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.Start");
      RecordingHandler.Recorded rec = handler.awaitPublish("cam1");

      client.send(5, new DataMessage(0, 1, setDataFrame(onMetaData())), 0);
      client.send(6, new VideoMessage(0, 1, avcHeader), 0);
      client.send(4, new AudioMessage(0, 1, aacHeader), 0);
      client.send(6, new VideoMessage(33, 1, video), 33);
      client.send(4, new AudioMessage(21, 1, audio), 21);
      client.command(1, "FCUnpublish", AmfValue.NULL, AmfValue.string("cam1"));
      client.command(1, "deleteStream", AmfValue.NULL, AmfValue.number(1));

      assertThat(rec.awaitUnpublish()).as("clean unpublish").isTrue();
      assertThat(rec.request.app()).isEqualTo("live");
      assertThat(rec.request.stream()).isEqualTo("cam1");
      assertThat(rec.request.query()).isEqualTo(Map.of("token", "t1", "key", "k 1"));
      assertThat(rec.request.remote().getAddress().isLoopbackAddress()).isTrue();
      assertThat(rec.request.connectionId()).startsWith("rtmp-conn-");
      assertThat(rec.tags).extracting(FlvTag::type).containsExactly(
          FlvTag.SCRIPT_DATA, FlvTag.VIDEO, FlvTag.AUDIO, FlvTag.VIDEO, FlvTag.AUDIO);
      assertThat(rec.tags).extracting(FlvTag::timestampMs).containsExactly(0L, 0L, 0L, 33L, 21L);
      assertThat(rec.tags.get(0).body()).isEqualTo(onMetaData());
      assertThat(rec.tags.get(1).body()).isEqualTo(avcHeader);
      assertThat(rec.tags.get(2).body()).isEqualTo(aacHeader);
      assertThat(rec.tags.get(3).body()).isEqualTo(video);
      assertThat(rec.tags.get(4).body()).isEqualTo(audio);
      assertThat(rec.threads).as("media served by an event loop")
          .allMatch(name -> name.startsWith("rtmp-io-"));
      assertThat(rec.unpublishCalls.get()).isEqualTo(1);
    }
  }

  @Test
  void badConnectionsAreClosedWhileAnotherPublishGoesOn() throws Exception {
    try (RtmpTestClient good = new RtmpTestClient(server.port())) {
      good.publish("live", "good");
      RecordingHandler.Recorded goodRec = handler.awaitPublish("good");
      good.send(6, new VideoMessage(0, 1, hex("17 00 000000 01")), 0);

      // Garbage instead of a handshake.
      try (RtmpTestClient garbage = new RtmpTestClient(server.port())) {
        garbage.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(garbage.readsEndOfStream()).isTrue();
      }

      // A truncated chunk followed by close, after publishing began.
      try (RtmpTestClient truncated = new RtmpTestClient(server.port())) {
        truncated.publish("live", "truncated");
        RecordingHandler.Recorded rec = handler.awaitPublish("truncated");
        truncated.sendRaw(hex("06 000000 000100 09 01000000 1700")); // 256-byte video, 2 sent
        truncated.shutdownOutput();
        assertThat(truncated.readsEndOfStream()).isTrue();
        assertThat(rec.awaitUnpublish()).as("clean").isFalse();
      }

      // Set Chunk Size 2^31 after publishing began.
      try (RtmpTestClient bad = new RtmpTestClient(server.port())) {
        bad.publish("live", "chunky");
        RecordingHandler.Recorded rec = handler.awaitPublish("chunky");
        bad.sendRaw(hex("02 000000 000004 01 00000000 80000000"));
        assertThat(bad.readsEndOfStream()).isTrue();
        assertThat(rec.awaitUnpublish()).as("clean").isFalse();
        assertThat(rec.unpublishCalls.get()).isEqualTo(1);
      }

      good.send(6, new VideoMessage(40, 1, hex("27 01 000000 02")), 40);
      good.command(1, "deleteStream", AmfValue.NULL, AmfValue.number(1));
      assertThat(goodRec.awaitUnpublish()).isTrue();
      assertThat(goodRec.tags).extracting(FlvTag::timestampMs).containsExactly(0L, 40L);
    }
  }

  @Test
  void refusedPublishGetsErrorStatusAndIsClosed() throws Exception {
    try (RtmpTestClient client = new RtmpTestClient(server.port())) {
      AmfObject status = client.publish("live", "forbidden");
      assertThat(status.string("level")).isEqualTo("error");
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.Unauthorized");
      assertThat(client.readsEndOfStream()).isTrue();
    }
    try (RtmpTestClient client = new RtmpTestClient(server.port())) {
      AmfObject status = client.publish("metrics", "x");
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.BadName");
      assertThat(status.string("description")).contains("reserved");
      assertThat(client.readsEndOfStream()).isTrue();
    }
    assertThat(handler.published).isEmpty();
  }

  @Test
  void silentClientIsClosedAfterTheHandshakeTimeout() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0)
        .withTimeouts(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(30));
    try (RtmpServer quick = new RtmpServer(config, handler)) {
      quick.start();
      try (RtmpTestClient client = new RtmpTestClient(quick.port())) {
        client.sendRaw(new byte[] {3, 0, 0}); // C0 and the start of C1, then nothing
        long start = System.nanoTime();
        assertThat(client.readsEndOfStream()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
      }
    }
  }

  @Test
  void pingRequestIsAnswered() throws Exception {
    try (RtmpTestClient client = new RtmpTestClient(server.port())) {
      client.publish("live", "ping");
      client.send(2, new UserControl(UserControl.EVENT_PING_REQUEST, 123456, 0), 0);
      UserControl pong = (UserControl) client.await(m -> m instanceof UserControl u
          && u.eventType() == UserControl.EVENT_PING_RESPONSE);
      assertThat(pong.value()).isEqualTo(123456);
    }
  }

  @Test
  void closingTheServerEndsActivePublishes() throws Exception {
    try (RtmpTestClient client = new RtmpTestClient(server.port())) {
      client.publish("live", "closing");
      RecordingHandler.Recorded rec = handler.awaitPublish("closing");
      server.close();
      assertThat(rec.unpublished).isCompletedWithValue(false);
      assertThat(client.readsEndOfStream()).isTrue();
      assertThat(server.connectionCount()).isZero();
    }
  }
}
