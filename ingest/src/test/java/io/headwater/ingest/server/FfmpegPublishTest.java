package io.headwater.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.flv.FlvTag;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishes a sample file with real ffmpeg (its native RTMP client) and checks what arrives. */
class FfmpegPublishTest {
  private static final String SAMPLE = "h264-baseline-aac.flv";

  @Test
  void ffmpegPublishesSampleFile(@TempDir Path dir) throws Exception {
    Path flv = dir.resolve(SAMPLE);
    try (InputStream in = getClass().getResourceAsStream("/sample-media/" + SAMPLE)) {
      assertThat(in).as("sample-media/" + SAMPLE + " on the test classpath").isNotNull();
      Files.copy(in, flv);
    }
    byte[] file = Files.readAllBytes(flv);
    int fileAudioTags = countTags(file, FlvTag.AUDIO);
    int fileVideoTags = countTags(file, FlvTag.VIDEO);

    RecordingHandler handler = new RecordingHandler();
    try (RtmpServer server = new RtmpServer(RtmpServerConfig.loopback(0), handler)) {
      server.start();
      String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      Process process = new ProcessBuilder(ffmpeg, "-hide_banner", "-nostdin", "-loglevel",
          "error", "-i", flv.toString(), "-c", "copy", "-f", "flv",
          "rtmp://127.0.0.1:" + server.port() + "/live/test")
          .redirectErrorStream(true).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("ffmpeg exit code; output: %s", output).isZero();

      RecordingHandler.Recorded rec = handler.awaitPublish("test");
      assertThat(rec.awaitUnpublish()).as("clean unpublish").isTrue();
      assertThat(rec.request.app()).isEqualTo("live");

      List<FlvTag> tags = rec.tags;
      assertThat(tags.get(0).type()).isEqualTo(FlvTag.SCRIPT_DATA);
      assertThat(new String(tags.get(0).body(), 3, 10, StandardCharsets.US_ASCII))
          .isEqualTo("onMetaData");
      assertThat(tags).anySatisfy(t -> {
        assertThat(t.type()).isEqualTo(FlvTag.VIDEO);
        assertThat(t.body()[0] & 0x0F).isEqualTo(7); // CodecID AVC
        assertThat(t.body()[1]).isEqualTo((byte) 0); // AVCPacketType sequence header
      });
      assertThat(tags).anySatisfy(t -> {
        assertThat(t.type()).isEqualTo(FlvTag.AUDIO);
        assertThat((t.body()[0] & 0xF0) >> 4).isEqualTo(10); // SoundFormat AAC
        assertThat(t.body()[1]).isEqualTo((byte) 0); // AACPacketType sequence header
      });
      long audio = tags.stream().filter(t -> t.type() == FlvTag.AUDIO).count();
      long video = tags.stream().filter(t -> t.type() == FlvTag.VIDEO).count();
      assertThat(audio).isBetween(fileAudioTags - 2L, fileAudioTags + 2L);
      assertThat(video).isBetween(fileVideoTags - 2L, fileVideoTags + 2L);
      long lastVideoMs = tags.stream().filter(t -> t.type() == FlvTag.VIDEO)
          .mapToLong(FlvTag::timestampMs).max().orElse(0);
      assertThat(lastVideoMs).isBetween(9_000L, 10_500L);
    }
  }

  /** Counts the tags of {@code type} in an FLV file (FLV spec E.2, E.3: 9-byte header, tags). */
  private static int countTags(byte[] flv, int type) {
    int count = 0;
    int pos = ((flv[5] & 0xFF) << 24 | (flv[6] & 0xFF) << 16 | (flv[7] & 0xFF) << 8
        | (flv[8] & 0xFF)) + 4; // DataOffset, then PreviousTagSize0
    while (pos + 11 <= flv.length) {
      int tagType = flv[pos] & 0x1F;
      int dataSize = (flv[pos + 1] & 0xFF) << 16 | (flv[pos + 2] & 0xFF) << 8 | (flv[pos + 3] & 0xFF);
      if (tagType == type) {
        count++;
      }
      pos += 11 + dataSize + 4;
    }
    return count;
  }
}
