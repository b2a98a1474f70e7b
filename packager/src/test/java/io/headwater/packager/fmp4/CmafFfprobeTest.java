package io.headwater.packager.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds init segment + three fragments, cut from the real sample FLV, to the real ffprobe and
 * ffmpeg: codec, dimensions and every packet's pts/dts must come back as written, and decoding
 * must be silent.
 */
class CmafFfprobeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FlvTestReader.Media media;

  @TempDir Path dir;

  @BeforeAll
  static void readSampleFile() throws Exception {
    media = FlvTestReader.read(FlvTestReader.sampleFile("h264-high-bframes-aac.flv"), 640, 360);
    assertThat(media.video()).isNotNull();
    assertThat(media.audio()).isNotNull();
  }

  @Test
  void h264WithBFramesProbesAndDecodes() throws Exception {
    List<List<Sample>> gops = splitAtKeyframes(media.videoSamples());
    assertThat(gops.size()).isGreaterThan(3);
    List<Sample> written = new ArrayList<>();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(InitSegmentWriter.write(media.video(), 500_000));
    for (int i = 0; i < 3; i++) {
      long end = gops.get(i + 1).get(0).dtsTicks();
      file.write(FragmentWriter.write(media.video(), i + 1, gops.get(i), end));
      written.addAll(gops.get(i));
    }
    Path mp4 = dir.resolve("video.mp4");
    Files.write(mp4, file.toByteArray());

    JsonNode probe = probe(mp4);
    JsonNode stream = probe.path("streams").get(0);
    assertThat(probe.path("streams")).hasSize(1);
    assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.path("profile").asText()).isEqualTo("High");
    assertThat(stream.path("width").asInt()).isEqualTo(640);
    assertThat(stream.path("height").asInt()).isEqualTo(360);
    assertThat(stream.path("time_base").asText()).isEqualTo("1/90000");

    JsonNode packets = probe.path("packets");
    assertThat(packets).hasSize(written.size());
    int reordered = 0;
    for (int i = 0; i < written.size(); i++) {
      Sample s = written.get(i);
      JsonNode p = packets.get(i);
      assertThat(p.path("dts").asLong()).as("dts of packet %d", i).isEqualTo(s.dtsTicks());
      assertThat(p.path("pts").asLong()).as("pts of packet %d", i).isEqualTo(s.ptsTicks());
      assertThat(p.path("size").asInt()).as("size of packet %d", i).isEqualTo(s.size());
      assertThat(p.path("flags").asText().startsWith("K")).as("keyframe flag of packet %d", i)
          .isEqualTo(s.keyframe());
      if (p.path("pts").asLong() != p.path("dts").asLong()) {
        reordered++;
      }
    }
    assertThat(reordered).as("B-frames make pts differ from dts").isPositive();
    assertDecodesSilently(mp4);
  }

  @Test
  void aacProbesAndDecodes() throws Exception {
    List<Sample> frames = media.audioSamples();
    TrackFormat format = media.audio();
    assertThat(format.timescale()).isEqualTo(48_000);
    long fragmentTicks = 2L * format.timescale();
    long firstDts = frames.get(0).dtsTicks();
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(InitSegmentWriter.write(format, 96_000));
    List<Sample> written = new ArrayList<>();
    int start = 0;
    for (int k = 1; k <= 3; k++) {
      int end = start;
      while (frames.get(end).dtsTicks() < firstDts + k * fragmentTicks) {
        end++;
      }
      List<Sample> fragment = frames.subList(start, end);
      file.write(FragmentWriter.write(format, k, fragment, frames.get(end).dtsTicks()));
      written.addAll(fragment);
      start = end;
    }
    Path mp4 = dir.resolve("audio.mp4");
    Files.write(mp4, file.toByteArray());

    JsonNode probe = probe(mp4);
    JsonNode stream = probe.path("streams").get(0);
    assertThat(stream.path("codec_name").asText()).isEqualTo("aac");
    assertThat(stream.path("profile").asText()).isEqualTo("LC");
    assertThat(stream.path("sample_rate").asInt()).isEqualTo(48_000);
    assertThat(stream.path("channels").asInt()).isEqualTo(2);
    JsonNode packets = probe.path("packets");
    assertThat(packets).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      JsonNode p = packets.get(i);
      assertThat(p.path("dts").asLong()).as("dts of packet %d", i)
          .isEqualTo(written.get(i).dtsTicks());
      assertThat(p.path("pts").asLong()).as("pts of packet %d", i)
          .isEqualTo(written.get(i).dtsTicks());
      if (i > 0) { // ffprobe leaves the first AAC packet's duration N/A, for ffmpeg's files too
        assertThat(p.path("duration").asLong()).as("duration of packet %d: %s", i, p)
            .isEqualTo(1024);
      }
    }
    assertDecodesSilently(mp4);
  }

  private JsonNode probe(Path mp4) throws Exception {
    ExternalTools.Result r = ExternalTools.ffprobe(dir, "-v", "error", "-show_packets",
        "-show_streams", "-of", "json", mp4.toString());
    assertThat(r.stderr()).as("ffprobe errors").isEmpty();
    assertThat(r.exitCode()).isZero();
    return JSON.readTree(r.stdout());
  }

  private void assertDecodesSilently(Path mp4) throws Exception {
    ExternalTools.Result r = ExternalTools.ffmpeg(dir, "-nostdin", "-v", "error", "-i",
        mp4.toString(), "-f", "null", "-");
    assertThat(r.stderr()).as("ffmpeg decode errors").isEmpty();
    assertThat(r.exitCode()).isZero();
  }

  private static List<List<Sample>> splitAtKeyframes(List<Sample> samples) {
    List<List<Sample>> gops = new ArrayList<>();
    for (Sample s : samples) {
      if (s.keyframe() || gops.isEmpty()) {
        gops.add(new ArrayList<>());
      }
      gops.get(gops.size() - 1).add(s);
    }
    return gops;
  }
}
