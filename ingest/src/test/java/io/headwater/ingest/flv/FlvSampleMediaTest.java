package io.headwater.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Demuxes every sample-media file and checks what a player would see, against ffprobe. */
class FlvSampleMediaTest {
  private static final int VIDEO_FRAMES = 300; // 10 s at 30 fps
  private static final int GOP_FRAMES = 60; // a keyframe every 2 s

  /** file, codec string prefix (null: no video), has audio, has B-frames. */
  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of("h264-high-bframes-aac.flv", "avc1.6400", true, true),
        Arguments.of("h264-baseline-aac.flv", "avc1.42", true, false),
        Arguments.of("h264-only.flv", "avc1.4d", false, false),
        Arguments.of("aac-only.flv", null, true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void demuxesFormatsAndSamples(String file, String videoCodecPrefix, boolean hasAudio,
      boolean bFrames) throws Exception {
    RecordingSink sink = demux(file);
    boolean hasVideo = videoCodecPrefix != null;

    assertThat(sink.declaredTracks).singleElement()
        .satisfies(d -> assertThat(d).containsExactly(hasVideo, hasAudio));
    assertThat(sink.formats).hasSize((hasVideo ? 1 : 0) + (hasAudio ? 1 : 0));
    assertThat(sink.discontinuities).isZero();
    if (hasVideo) {
      AvcConfig avc = format(sink, TrackFormat.VIDEO_TRACK_ID).avc();
      assertThat(avc.codecString()).startsWith(videoCodecPrefix).hasSize(11);
      assertThat(avc.width()).isEqualTo(640);
      assertThat(avc.height()).isEqualTo(360);
      assertThat(avc.frameRateMilli()).isEqualTo(30_000);
      assertVideoTiming(sink.videoSamples, bFrames);
    } else {
      assertThat(sink.videoSamples).isEmpty();
    }
    if (hasAudio) {
      TrackFormat format = format(sink, TrackFormat.AUDIO_TRACK_ID);
      AacConfig aac = format.aac();
      assertThat(aac.codecString()).isEqualTo("mp4a.40.2");
      assertThat(aac.sampleRate()).isEqualTo(48_000);
      assertThat(aac.channels()).isEqualTo(2);
      assertThat(format.timescale()).isEqualTo(48_000);
      assertAudioTiming(sink.audioSamples);
    } else {
      assertThat(sink.audioSamples).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void sampleCountsMatchFfprobe(String file, String videoCodecPrefix, boolean hasAudio,
      boolean bFrames, @TempDir Path dir) throws Exception {
    Path copy = dir.resolve(file);
    try (InputStream in = resource(file)) {
      Files.copy(in, copy);
    }
    Map<String, Integer> probed = ffprobePacketCounts(copy);

    RecordingSink sink = demux(file);

    assertThat(sink.videoSamples).hasSize(probed.getOrDefault("video", 0));
    assertThat(sink.audioSamples).hasSize(probed.getOrDefault("audio", 0));
    if (videoCodecPrefix != null) {
      assertThat(sink.videoSamples).hasSize(VIDEO_FRAMES);
    }
    if (hasAudio) {
      // 10 s of 48 kHz audio is 468.75 frames; the encoder flushes a partial last one
      assertThat(sink.audioSamples).hasSize(470);
    }
  }

  private static void assertVideoTiming(List<Sample> video, boolean bFrames) {
    assertThat(video).hasSize(VIDEO_FRAMES);
    int[] keyframes = IntStream.range(0, video.size())
        .filter(i -> video.get(i).keyframe()).toArray();
    assertThat(keyframes).containsExactly(0, 60, 120, 180, 240);
    for (int i = 1; i < video.size(); i++) {
      assertThat(video.get(i).dtsTicks())
          .as("video dts of sample %d", i)
          .isGreaterThanOrEqualTo(video.get(i - 1).dtsTicks());
    }
    // FLV milliseconds at 90 kHz: every time is a whole number of milliseconds
    assertThat(video).allSatisfy(s -> assertThat(s.dtsTicks() % 90).isZero());
    long[] pts = video.stream().mapToLong(Sample::ptsTicks).sorted().toArray();
    for (int i = 1; i < pts.length; i++) {
      assertThat(pts[i] - pts[i - 1]).as("presentation step %d", i).isBetween(2_900L, 3_100L);
    }
    if (bFrames) {
      assertThat(video).anySatisfy(s -> assertThat(s.compositionOffsetTicks()).isPositive());
      assertThat(video).allSatisfy(
          s -> assertThat(s.compositionOffsetTicks()).isNotNegative());
    } else {
      assertThat(video).allSatisfy(s -> assertThat(s.compositionOffsetTicks()).isZero());
    }
  }

  private static void assertAudioTiming(List<Sample> audio) {
    for (int i = 1; i < audio.size(); i++) {
      assertThat(audio.get(i).dtsTicks() - audio.get(i - 1).dtsTicks())
          .as("audio dts step %d", i)
          .isEqualTo(AacConfig.SAMPLES_PER_FRAME);
    }
    assertThat(audio).allSatisfy(s -> assertThat(s.keyframe()).isTrue());
    assertThat(audio.get(0).dtsTicks()).isBetween(0L, 48L * 50);
  }

  private static TrackFormat format(RecordingSink sink, int trackId) {
    return sink.formats.stream().filter(f -> f.trackId() == trackId).findFirst().orElseThrow();
  }

  static RecordingSink demux(String file) throws Exception {
    RecordingSink sink = new RecordingSink();
    try (InputStream in = resource(file)) {
      FlvDemuxer demuxer = new FlvDemuxer(sink);
      demuxer.demuxAll(new FlvReader(in));
      assertThat(demuxer.droppedSampleCount()).isZero();
    }
    return sink;
  }

  static InputStream resource(String file) {
    InputStream in = FlvSampleMediaTest.class.getClassLoader()
        .getResourceAsStream("sample-media/" + file);
    assertThat(in).as("classpath resource sample-media/%s", file).isNotNull();
    return in;
  }

  /** ffprobe's packet count per codec_type ("video", "audio") of the file. */
  private static Map<String, Integer> ffprobePacketCounts(Path file)
      throws IOException, InterruptedException {
    String ffprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
    Process process = new ProcessBuilder(ffprobe, "-v", "error", "-count_packets",
        "-show_entries", "stream=codec_type,nb_read_packets", "-of", "json", file.toString())
        .redirectErrorStream(true)
        .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("ffprobe output: %s", new String(output, StandardCharsets.UTF_8)).isZero();
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode stream : new ObjectMapper().readTree(output).path("streams")) {
      counts.put(stream.path("codec_type").asText(),
          Integer.parseInt(stream.path("nb_read_packets").asText()));
    }
    assertThat(counts).isNotEmpty();
    return counts;
  }
}
