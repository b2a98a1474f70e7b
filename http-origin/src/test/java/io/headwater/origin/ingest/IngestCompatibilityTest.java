package io.headwater.origin.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.handshake.HandshakeDigest;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.Tools;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compatibility matrix: ffmpeg, GStreamer's rtmp2sink and our own digest-handshake client
 * each publish the 10 s sample through a real origin; ffprobe reads the HLS output back.
 */
class IngestCompatibilityTest {
  private static final String SAMPLE = "h264-baseline-aac.flv";
  private static IngestHarness origin;

  @BeforeAll
  static void start() throws Exception {
    origin = IngestHarness.withDefaults();
  }

  @AfterAll
  static void stop() {
    if (origin != null) {
      origin.close();
    }
  }

  /** H.264 + AAC, about 10 s, every segment listed and decodable. */
  private static void assertPlayable(String stream, MediaPlaylist playlist) throws Exception {
    assertThat(playlist.segments()).hasSize(5);
    assertThat(playlist.segments()).noneMatch(MediaPlaylist.Entry::discontinuity);
    double listed = playlist.segments().stream().mapToDouble(MediaPlaylist.Entry::duration).sum();
    assertThat(listed).as("listed duration").isCloseTo(10.0, within(0.1));
    JsonNode probe = origin.probe(stream);
    List<String> codecs = new ArrayList<>();
    probe.get("streams").forEach(s -> codecs.add(s.get("codec_name").asText()));
    assertThat(codecs).containsExactlyInAnyOrder("h264", "aac");
    assertThat(probe.get("format").get("duration").asDouble()).as("ffprobe duration")
        .isCloseTo(10.0, within(0.2));
    assertThat(origin.decodeErrors(stream)).as("ffmpeg decode errors").isEmpty();
  }

  @Test
  void ffmpegPublishes() throws Exception {
    Process ffmpeg = Tools.publish(Tools.sample(SAMPLE), origin.rtmpUrl("live/ffmpeg"), false);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
    assertThat(ffmpeg.exitValue()).as("ffmpeg exit code").isZero();
    assertPlayable("ffmpeg", origin.awaitEnded("ffmpeg", Duration.ofSeconds(20)));
  }

  @Test
  void gstreamerRtmp2sinkPublishes() throws Exception {
    String gst = "/usr/bin/gst-launch-1.0";
    assertThat(new File(gst)).as("GStreamer (apt-get install gstreamer1.0-tools "
        + "gstreamer1.0-plugins-good gstreamer1.0-plugins-bad, as .ci/run does)").exists();
    // Stream copy, as an encoder that already has H.264 + AAC does: flvdemux, the parsers, then
    // flvmux (streamable) into rtmp2sink.
    Tools.Result r = Tools.run(List.of(gst, "-q",
        "filesrc", "location=" + Tools.sample(SAMPLE), "!", "flvdemux", "name=d",
        "d.video", "!", "queue", "!", "h264parse", "!", "flvmux", "name=m", "streamable=true",
        "!", "rtmp2sink", "location=" + origin.rtmpUrl("live/gst"),
        "d.audio", "!", "queue", "!", "aacparse", "!", "m."), 60);
    assertThat(r.exitCode()).as("gst-launch exit code; stderr: %s", r.stderr()).isZero();
    assertPlayable("gst", origin.awaitEnded("gst", Duration.ofSeconds(20)));
  }

  @ParameterizedTest
  @EnumSource(HandshakeDigest.Scheme.class)
  void digestClientWithExtendedTimestampsAndChunkSizeChangesPublishes(
      HandshakeDigest.Scheme scheme) throws Exception {
    String stream = "digest" + scheme.ordinal();
    // From 3 s on, timestamps pass 0xFFFFFF: every header carries the extended timestamp.
    long base = 0xFF_FFFFL - 3_000;
    try (DigestRtmpPublisher client = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      client.handshake(scheme);
      AmfValue.AmfObject status = client.publish("live", stream);
      assertThat(status.string("code")).isEqualTo("NetStream.Publish.Start");
      client.sendFile(Tools.sample(SAMPLE),
          tag -> new FlvTag(tag.type(), tag.timestampMs() + base, tag.body()));
      client.unpublish();
    }
    assertPlayable(stream, origin.awaitEnded(stream, Duration.ofSeconds(20)));
  }

  @Test
  void timestampsWrappingPast32BitsStayOneTimeline() throws Exception {
    long base = (1L << 32) - 4_000; // wraps to 0 four seconds in
    try (DigestRtmpPublisher client = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      client.handshake(HandshakeDigest.Scheme.SCHEME_1);
      client.publish("live", "wrap");
      client.sendFile(Tools.sample(SAMPLE),
          tag -> new FlvTag(tag.type(), (tag.timestampMs() + base) & 0xFFFF_FFFFL, tag.body()));
      client.unpublish();
    }
    assertPlayable("wrap", origin.awaitEnded("wrap", Duration.ofSeconds(20)));
  }

  @Test
  void audioStartingLaterThanVideoIsPackaged() throws Exception {
    try (DigestRtmpPublisher client = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      client.handshake(HandshakeDigest.Scheme.SCHEME_0);
      client.publish("live", "lateaudio");
      client.sendFile(Tools.sample(SAMPLE), tag -> tag.type() == FlvTag.AUDIO
          && tag.timestampMs() < 1_500 && tag.body().length > 2 && tag.body()[1] == 1
          ? null : tag); // keeps the AAC sequence header, drops the first 1.5 s of frames
      client.unpublish();
    }
    MediaPlaylist playlist = origin.awaitEnded("lateaudio", Duration.ofSeconds(20));
    assertThat(playlist.segments()).noneMatch(MediaPlaylist.Entry::discontinuity);
    JsonNode probe = origin.probe("lateaudio");
    List<String> codecs = new ArrayList<>();
    probe.get("streams").forEach(s -> codecs.add(s.get("codec_name").asText()));
    assertThat(codecs).containsExactlyInAnyOrder("h264", "aac");
    assertThat(origin.decodeErrors("lateaudio")).isEmpty();
  }

  @Test
  void largeForwardJumpIsMarkedAsADiscontinuity() throws Exception {
    try (DigestRtmpPublisher client = new DigestRtmpPublisher(origin.server.rtmpPort())) {
      client.handshake(HandshakeDigest.Scheme.SCHEME_1);
      client.publish("live", "jump");
      // At the keyframe 6 s in, the clock jumps a minute ahead (an encoder clock reset).
      client.sendFile(Tools.sample(SAMPLE), tag -> tag.timestampMs() < 6_000 ? tag
          : new FlvTag(tag.type(), tag.timestampMs() + 60_000, tag.body()));
      client.unpublish();
    }
    MediaPlaylist playlist = origin.awaitEnded("jump", Duration.ofSeconds(20));
    assertThat(playlist.segments().stream().filter(MediaPlaylist.Entry::discontinuity))
        .hasSize(1);
    double listed = playlist.segments().stream().mapToDouble(MediaPlaylist.Entry::duration).sum();
    assertThat(listed).as("the jump is not listed as media").isCloseTo(10.0, within(0.2));
    assertThat(origin.decodeErrors("jump")).isEmpty();
  }
}
