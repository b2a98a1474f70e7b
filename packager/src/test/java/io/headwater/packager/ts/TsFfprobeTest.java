package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.packager.segment.SegmentPolicy;
import io.headwater.packager.segment.Segmenter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments the sample files and hands the TS segments to the real ffprobe and ffmpeg (from the
 * org.bytedeco:ffmpeg test jars): codecs are recognised, every segment decodes without a single
 * error message, and packets, keyframes and timestamps come out as they went in.
 */
class TsFfprobeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run run(Class<?> tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Loader.load(tool));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "tool", ".out");
    Path err = Files.createTempFile(dir, "tool", ".err");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private List<Path> writeSegments(String sample, List<TsSegmentWriterTest.Input> written,
      Segmenter segmenter) throws Exception {
    FlvSamples.Media media = FlvSamples.read(sample);
    List<byte[]> segments = TsSegmentWriterTest.segment(media.inputs(), segmenter,
        new TsSegmentWriter(media.video(), media.audio()), written);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      files.add(Files.write(dir.resolve("seg" + i + ".ts"), segments.get(i)));
    }
    return files;
  }

  private void assertDecodesWithoutErrors(Path file) throws Exception {
    Run decode = run(org.bytedeco.ffmpeg.ffmpeg.class, "-v", "error", "-i", file.toString(),
        "-f", "null", "-");
    assertThat(decode.stderr()).as("ffmpeg errors decoding %s", file.getFileName()).isEmpty();
    assertThat(decode.exitCode()).isZero();
  }

  private JsonNode probe(Path file, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-v", "error", "-of", "json"));
    args.addAll(List.of(extra));
    args.add(file.toString());
    Run probe = run(org.bytedeco.ffmpeg.ffprobe.class, args.toArray(String[]::new));
    assertThat(probe.stderr()).isEmpty();
    return JSON.readTree(probe.stdout());
  }

  @Test
  void highProfileWithBFramesAndAac() throws Exception {
    List<TsSegmentWriterTest.Input> written = new ArrayList<>();
    Segmenter segmenter = new Segmenter(new SegmentPolicy(180_000, true));
    List<Path> files = writeSegments("h264-high-bframes-aac.flv", written, segmenter);
    // 10 s with a keyframe every 2 s and a 2 s target: five segments, TD 2, no forced cut.
    assertThat(files).hasSize(5);
    assertThat(segmenter.targetDurationSeconds()).hasValue(2);
    assertThat(segmenter.forcedCuts()).isZero();

    JsonNode streams = probe(files.get(0), "-show_streams").get("streams");
    assertThat(streams).hasSize(2);
    JsonNode video = streams.get(0).get("codec_type").asText().equals("video")
        ? streams.get(0) : streams.get(1);
    JsonNode audio = video == streams.get(0) ? streams.get(1) : streams.get(0);
    assertThat(video.get("codec_name").asText()).isEqualTo("h264");
    assertThat(video.get("profile").asText()).isEqualTo("High");
    assertThat(video.get("width").asInt()).isEqualTo(640);
    assertThat(video.get("height").asInt()).isEqualTo(360);
    assertThat(video.get("id").asText()).isEqualTo("0x100");
    assertThat(audio.get("codec_name").asText()).isEqualTo("aac");
    assertThat(audio.get("profile").asText()).isEqualTo("LC");
    assertThat(audio.get("sample_rate").asText()).isEqualTo("48000");
    assertThat(audio.get("channels").asInt()).isEqualTo(2);
    assertThat(audio.get("id").asText()).isEqualTo("0x101");

    for (Path file : files) {
      assertDecodesWithoutErrors(file);
      JsonNode packets = probe(file, "-show_packets", "-select_streams", "v").get("packets");
      assertThat(packets.get(0).get("flags").asText()).as("%s starts with a keyframe", file)
          .startsWith("K");
    }

    // The segments back to back are one continuous stream: every sample comes out once, video
    // DTS strictly increasing, and the first PTS is the input's plus the 1.4 s wire offset.
    Path all = dir.resolve("all.ts");
    for (Path file : files) {
      Files.write(all, Files.readAllBytes(file), java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    assertDecodesWithoutErrors(all);
    JsonNode videoPackets = probe(all, "-show_packets", "-select_streams", "v").get("packets");
    JsonNode audioPackets = probe(all, "-show_packets", "-select_streams", "a").get("packets");
    long videoIn = written.stream().filter(i -> i.format().type()
        == io.headwater.packager.media.TrackType.VIDEO).count();
    assertThat(videoPackets).hasSize((int) videoIn);
    assertThat(audioPackets).hasSize((int) (written.size() - videoIn));
    long lastDts = Long.MIN_VALUE;
    int keyframes = 0;
    for (JsonNode p : videoPackets) {
      long dts = p.get("dts").asLong();
      assertThat(dts).isGreaterThan(lastDts);
      lastDts = dts;
      keyframes += p.get("flags").asText().startsWith("K") ? 1 : 0;
    }
    assertThat(keyframes).isEqualTo(5);
    long firstPts = written.get(0).sample().ptsTicks() + TsSegmentWriter.TIMESTAMP_OFFSET_90K;
    assertThat(videoPackets.get(0).get("pts").asLong()).isEqualTo(firstPts);
  }

  @Test
  void baselineVideoOnlyAndAudioOnlyFilesDecodeCleanly() throws Exception {
    for (String sample : List.of("h264-baseline-aac.flv", "h264-only.flv")) {
      List<Path> files = writeSegments(sample, new ArrayList<>(),
          new Segmenter(new SegmentPolicy(180_000, true)));
      assertThat(files).as(sample).hasSize(5);
      for (Path file : files) {
        assertDecodesWithoutErrors(file);
      }
    }
    Segmenter audioOnly = new Segmenter(new SegmentPolicy(180_000, false));
    List<Path> files = writeSegments("aac-only.flv", new ArrayList<>(), audioOnly);
    assertThat(files).hasSizeBetween(4, 5);
    assertThat(audioOnly.targetDurationSeconds()).hasValue(2);
    for (Path file : files) {
      assertDecodesWithoutErrors(file);
      JsonNode streams = probe(file, "-show_streams").get("streams");
      assertThat(streams).hasSize(1);
      assertThat(streams.get(0).get("codec_name").asText()).isEqualTo("aac");
    }
  }
}
