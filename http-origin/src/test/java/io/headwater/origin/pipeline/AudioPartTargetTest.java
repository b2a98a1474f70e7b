package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audio playlist's PART-TARGET: the configured target rounded up to whole AAC frames (plus
 * the 2 ms timestamp margin), so the planner can leave a 2 s segment a last part longer than
 * hls.js's 0.25 s fragment lookup tolerance; video keeps the configured target.
 */
class AudioPartTargetTest {
  private static TrackFormat aac(int sampleRate, int frequencyIndex) {
    return TrackFormat.aac(new AacConfig(new byte[] {0x11, (byte) 0x90}, 2, frequencyIndex,
        sampleRate, 2, 2));
  }

  @Test
  void audioTargetsAreWholeFramesPlusTheMargin() {
    // 48 kHz: a frame is 21,333.33 us; 340 ms is 15.94 frames -> 16 frames = 341,333.33 us.
    assertThat(CmafTrackWriter.partTargetMicros(aac(48_000, 3), 340_000)).isEqualTo(343_334);
    // 500 ms is 23.44 frames -> 24 frames = 512 ms.
    assertThat(CmafTrackWriter.partTargetMicros(aac(48_000, 3), 500_000)).isEqualTo(514_000);
    // 44.1 kHz: 23,219.95 us a frame; 340 ms -> 15 frames = 348,299.3 us.
    assertThat(CmafTrackWriter.partTargetMicros(aac(44_100, 4), 340_000)).isEqualTo(350_300);
  }

  @Test
  void videoAndLowLatencyOffKeepTheConfiguredTarget() {
    TrackFormat video = TrackFormat.h264(new AvcConfig(new byte[] {1},
        List.of(new byte[] {0x67, 0x42, 0x00, 0x1e}), List.of(new byte[] {0x68}), 4, 66, 0, 30,
        640, 360, 30_000));
    assertThat(CmafTrackWriter.partTargetMicros(video, 340_000)).isEqualTo(340_000);
    assertThat(CmafTrackWriter.partTargetMicros(aac(48_000, 3), 0)).isZero();
  }

  @Test
  void eachPlaylistReadsItsOwnTarget() {
    LowLatencyView view = new LowLatencyView(340_000, List.of(), null, 343_334);
    assertThat(view.partTargetMicros(TrackFormat.VIDEO_TRACK_ID)).isEqualTo(340_000);
    assertThat(view.partTargetMicros(TrackFormat.AUDIO_TRACK_ID)).isEqualTo(343_334);
    LowLatencyView videoOnly = new LowLatencyView(340_000, List.of(), null, 0);
    assertThat(videoOnly.partTargetMicros(TrackFormat.AUDIO_TRACK_ID)).isEqualTo(340_000);
  }
}
