package io.headwater.manifest.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultivariantPlaylistWriterTest {
  /** High profile, level 3.0, 640x360, SPS timing 30 fps: avc1.64001e. */
  private static final TrackFormat VIDEO = video(100, 0x00, 30, 640, 360, 30_000);
  /** AAC-LC 48 kHz stereo. */
  private static final TrackFormat AUDIO =
      TrackFormat.aac(new AacConfig(new byte[] {0x11, (byte) 0x90}, 2, 3, 48_000, 2, 2));

  private final MultivariantPlaylistWriter writer = new MultivariantPlaylistWriter();

  private static TrackFormat video(int profile, int constraints, int level, int width,
      int height, int frameRateMilli) {
    return TrackFormat.h264(new AvcConfig(new byte[] {1}, List.of(new byte[] {0x67}),
        List.of(new byte[] {0x68}), 4, profile, constraints, level, width, height,
        frameRateMilli));
  }

  @Test
  void videoWithAudioRendition() {
    MultivariantStream stream =
        new MultivariantStream(VIDEO, AUDIO, 1_400_000, 1_000_000, 132_000, 128_000, 30_000);

    assertThat(writer.write(stream)).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:7\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,"
        + "CHANNELS=\"2\",URI=\"a.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1532000,AVERAGE-BANDWIDTH=1128000,"
        + "CODECS=\"avc1.64001e,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO=\"audio\"\n"
        + "v.m3u8\n");
  }

  @Test
  void ladderListsEveryVideoRenditionWithTheTopRenditionsAudio() {
    TrackFormat hd = video(100, 0x00, 31, 1280, 720, 30_000);
    TrackFormat low = video(66, 0xc0, 30, 416, 234, 30_000);
    LadderVariant top = new LadderVariant(
        new MultivariantStream(hd, AUDIO, 2_600_000, 2_000_000, 132_000, 128_000, 30_000),
        "../cam1_720/v.m3u8", "../cam1_720/a.m3u8");
    // The lower rendition's own audio (here another bitrate) is not announced.
    LadderVariant bottom = new LadderVariant(
        new MultivariantStream(low, AUDIO, 400_000, 300_000, 70_000, 64_000, 30_000),
        "../cam1_240/v.m3u8", "../cam1_240/a.m3u8");

    assertThat(writer.write(List.of(top, bottom))).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:7\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"audio\",DEFAULT=YES,AUTOSELECT=YES,"
        + "CHANNELS=\"2\",URI=\"../cam1_720/a.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=2732000,AVERAGE-BANDWIDTH=2128000,"
        + "CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO=\"audio\"\n"
        + "../cam1_720/v.m3u8\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=532000,AVERAGE-BANDWIDTH=428000,"
        + "CODECS=\"avc1.42c01e,mp4a.40.2\",RESOLUTION=416x234,FRAME-RATE=30.000,AUDIO=\"audio\"\n"
        + "../cam1_240/v.m3u8\n");
  }

  @Test
  void ladderWithoutVariantsIsRefused() {
    assertThatThrownBy(() -> writer.write(List.<LadderVariant>of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void videoOnly() {
    MultivariantStream stream = new MultivariantStream(
        video(77, 0x40, 31, 1280, 720, 0), null, 3_000_000, 2_500_000, 0, 0, 29_970);

    assertThat(writer.write(stream)).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:7\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2500000,"
        + "CODECS=\"avc1.4d401f\",RESOLUTION=1280x720,FRAME-RATE=29.970\n"
        + "v.m3u8\n");
  }

  @Test
  void audioOnly() {
    MultivariantStream stream = new MultivariantStream(null, AUDIO, 0, 0, 140_000, 128_000, 0);

    assertThat(writer.write(stream)).isEqualTo("#EXTM3U\n"
        + "#EXT-X-VERSION:7\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=140000,AVERAGE-BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\n"
        + "a.m3u8\n");
  }

  @Test
  void unmeasuredBitratesUseConservativeEstimatesNeverZero() {
    String playlist = writer.write(new MultivariantStream(VIDEO, AUDIO, 0, 0, 0, 0, 0));

    // 640 x 360 x 30 fps x 0.15 bit = 1,036,800 bit/s; AAC 2 x 96,000 bit/s.
    assertThat(playlist).contains("BANDWIDTH=1228800,AVERAGE-BANDWIDTH=1228800,");
    // FRAME-RATE falls back to the SPS timing info.
    assertThat(playlist).contains(",FRAME-RATE=30.000,");
  }

  @Test
  void smallPictureEstimateHasAFloorAndAverageNeverExceedsPeak() {
    TrackFormat tiny = video(66, 0xc0, 10, 160, 120, 15_000);
    String playlist = writer.write(new MultivariantStream(tiny, null, 0, 700_000, 0, 0, 0));

    // Estimate 43,200 bit/s is raised to the 500 kbit/s floor, then to the measured average.
    assertThat(playlist).contains("BANDWIDTH=700000,AVERAGE-BANDWIDTH=700000,");
    assertThat(MultivariantBandwidth.estimateBitsPerSecond(tiny)).isEqualTo(500_000);
  }

  @Test
  void frameRateHasThreeDecimals() {
    assertThat(MultivariantPlaylistWriter.frameRate(30_000)).isEqualTo("30.000");
    assertThat(MultivariantPlaylistWriter.frameRate(23_976)).isEqualTo("23.976");
    assertThat(MultivariantPlaylistWriter.frameRate(59_940)).isEqualTo("59.940");
    assertThat(MultivariantPlaylistWriter.frameRate(12_500)).isEqualTo("12.500");
  }

  @Test
  void rejectsAStreamWithoutTracksAndBadQuotedStrings() {
    assertThatThrownBy(() -> new MultivariantStream(null, null, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MultivariantStream(AUDIO, null, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultivariantPlaylistWriter.quoted("a\"b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
  }
}
