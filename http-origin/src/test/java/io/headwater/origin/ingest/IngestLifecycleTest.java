package io.headwater.origin.ingest;

import static io.headwater.origin.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.auth.StaticKeyAuthorizer;
import io.headwater.ingest.auth.StaticKeysConfig;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.handshake.HandshakeDigest;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.LiveStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publish lifecycle and limits through a real origin: one publisher per name, idle timeout,
 * publish keys, connection and publisher limits, Enhanced RTMP refusal, graceful shutdown.
 */
class IngestLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static AmfValue.AmfObject publish(DigestRtmpPublisher client, String app, String stream)
      throws Exception {
    client.handshake(HandshakeDigest.Scheme.SCHEME_0);
    return client.publish(app, stream);
  }

  @Test
  void secondPublisherToALiveNameIsRefusedWithBadName() throws Exception {
    try (IngestHarness origin = IngestHarness.withDefaults();
        DigestRtmpPublisher first = new DigestRtmpPublisher(origin.server.rtmpPort());
        DigestRtmpPublisher second = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      assertThat(publish(first, "live", "dup").string("code"))
          .isEqualTo("NetStream.Publish.Start");
      AmfValue.AmfObject refused = publish(second, "live", "dup");
      assertThat(refused.string("code")).isEqualTo("NetStream.Publish.BadName");
      assertThat(refused.string("description")).contains("already being published");
      assertThat(second.closedByServer()).as("refused publisher disconnected").isTrue();
      assertThat(origin.server.registry().get("live", "dup").isPublishing())
          .as("the first publish goes on").isTrue();
    }
  }

  @Test
  void publisherSendingNoMediaIsClosedAfterTheIdleTimeout() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0).withIdleTimeout(Duration.ofSeconds(1));
    try (IngestHarness origin = new IngestHarness(config, PublishAuthorizer.ALLOW_ALL);
        DigestRtmpPublisher idle = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      assertThat(publish(idle, "live", "idle").string("code"))
          .isEqualTo("NetStream.Publish.Start");
      assertThat(idle.closedByServer()).as("closed within the 10 s read timeout").isTrue();
      LiveStream stream = origin.server.registry().get("live", "idle");
      assertThat(eventually(() -> !stream.isPublishing())).as("publish ended").isTrue();
    }
  }

  @Test
  void publishKeysAreChecked() throws Exception {
    PublishAuthorizer keys = new StaticKeyAuthorizer(new StaticKeysConfig(Map.of("cam", "k1")));
    try (IngestHarness origin = new IngestHarness(RtmpServerConfig.loopback(0), keys)) {
      try (DigestRtmpPublisher wrong = new DigestRtmpPublisher(origin.server.rtmpPort())) {
        AmfValue.AmfObject status = publish(wrong, "live", "cam?key=nope");
        assertThat(status.string("code")).isEqualTo("NetStream.Publish.Unauthorized");
        assertThat(status.string("description")).isEqualTo("wrong publish key");
        assertThat(wrong.closedByServer()).isTrue();
      }
      try (DigestRtmpPublisher right = new DigestRtmpPublisher(origin.server.rtmpPort())) {
        // OBS puts the key on the app ("Server rtmp://host/live?key=k1"); it counts as well.
        assertThat(publish(right, "live?key=k1", "cam").string("code"))
            .isEqualTo("NetStream.Publish.Start");
      }
    }
  }

  @Test
  void publishersAreLimited() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0).withConnectionLimits(100, 100, 1);
    try (IngestHarness origin = new IngestHarness(config, PublishAuthorizer.ALLOW_ALL);
        DigestRtmpPublisher one = new DigestRtmpPublisher(origin.server.rtmpPort());
        DigestRtmpPublisher two = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      assertThat(publish(one, "live", "a").string("code")).isEqualTo("NetStream.Publish.Start");
      AmfValue.AmfObject full = publish(two, "live", "b");
      assertThat(full.string("code")).isEqualTo("NetStream.Publish.Failed");
      assertThat(full.string("description")).contains("maximum of 1 publishers");
      assertThat(two.closedByServer()).isTrue();
    }
  }

  @Test
  void connectionsPerAddressAreLimited() throws Exception {
    RtmpServerConfig config = RtmpServerConfig.loopback(0).withConnectionLimits(100, 2, 10);
    try (IngestHarness origin = new IngestHarness(config, PublishAuthorizer.ALLOW_ALL);
        Socket first = new Socket("127.0.0.1", origin.server.rtmpPort());
        Socket second = new Socket("127.0.0.1", origin.server.rtmpPort());
        Socket third = new Socket("127.0.0.1", origin.server.rtmpPort())) {
      third.setSoTimeout(10_000);
      InputStream in = third.getInputStream();
      assertThat(in.read()).as("third connection from 127.0.0.1 closed on accept")
          .isEqualTo(-1);
      first.setSoTimeout(200);
      assertThat(first.isClosed()).isFalse();
    }
  }

  @Test
  void hevcOverEnhancedRtmpIsRefusedWithAStatusTheEncoderShows() throws Exception {
    try (IngestHarness origin = IngestHarness.withDefaults()) {
      Tools.Result r = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
          "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-t", "2",
          "-c:v", "libx265", "-preset", "ultrafast", "-f", "flv",
          origin.rtmpUrl("live/hevc")), 60);
      assertThat(r.exitCode()).as("ffmpeg fails").isNotZero();
      assertThat(r.stderr()).contains("FourCC 'hvc1' (enhanced RTMP) is not supported");
      LiveStream stream = origin.server.registry().get("live", "hevc");
      assertThat(stream == null || eventually(() -> !stream.isPublishing())).isTrue();
    }
  }

  @Test
  void shutdownEndsLiveStreams() throws Exception {
    IngestHarness origin = IngestHarness.withDefaults();
    Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
        origin.rtmpUrl("live/shut"), true);
    try {
      origin.http.awaitText(origin.tsPlaylistPath("shut"), "#EXTINF", WAIT);
      LiveStream stream = origin.server.registry().get("live", "shut");
      origin.close();
      assertThat(stream.isEnded()).as("ended by the shutdown").isTrue();
      assertThat(ffmpeg.waitFor(10, TimeUnit.SECONDS)).as("publisher disconnected").isTrue();
    } finally {
      ffmpeg.destroyForcibly();
    }
  }
}
