package io.headwater.origin.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.headwater.ingest.flv.FlvTag;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The bitrate, frame-rate and keyframe figures the dashboard and metrics show for a publisher. */
class IngestStatsTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"),
      ZoneOffset.UTC);

  @Test
  void ratesAreThoseOfTheLastTenSecondsOfMedia() {
    IngestStats stats = new IngestStats(CLOCK);
    stats.onPublish("127.0.0.1:5000", CLOCK.instant());
    stats.onTag(new FlvTag(FlvTag.VIDEO, 0, avcConfig()));
    // 20 s at 30 fps: 2 s GOPs; 12,500-byte frames for the first 10 s, then 6,250 bytes, so a
    // window that kept old tags would show a higher rate. AAC: 1024 samples at 48 kHz, 400 B.
    long audioMs = 0;
    for (int frame = 0; frame < 600; frame++) {
      long ms = frame * 1000L / 30;
      while (audioMs <= ms) {
        stats.onTag(new FlvTag(FlvTag.AUDIO, audioMs, aac(400)));
        audioMs += 21;
      }
      stats.onTag(new FlvTag(FlvTag.VIDEO, ms, avc(frame % 60 == 0, frame < 300 ? 12_500 : 6_250)));
    }

    IngestStats.Snapshot s = stats.snapshot();
    assertThat(s.videoFrames()).isEqualTo(600);
    assertThat(s.keyframes()).isEqualTo(10);
    assertThat(s.keyframeIntervalSeconds()).isCloseTo(2.0, within(0.01));
    assertThat(s.frameRate()).isCloseTo(30.0, within(0.1));
    assertThat(s.videoBitrate()).isCloseTo(6_250 * 8 * 30, within(6_250L * 8 * 30 / 50));
    assertThat(s.audioBitrate()).isCloseTo(400 * 8 * 1000 / 21, within(400L * 8 * 1000 / 21 / 50));
    assertThat(stats.latestKeyframe().number()).isEqualTo(10);
  }

  @Test
  void aRepublishStartsTheWindowAgain() {
    IngestStats stats = new IngestStats(CLOCK);
    stats.onPublish("127.0.0.1:5000", CLOCK.instant());
    for (int i = 0; i < 100; i++) {
      stats.onTag(new FlvTag(FlvTag.VIDEO, i * 40L, avc(false, 50_000)));
    }
    stats.onPublish("127.0.0.1:5001", CLOCK.instant());
    for (int i = 0; i < 100; i++) {
      stats.onTag(new FlvTag(FlvTag.AUDIO, i * 20L, aac(100)));
    }

    IngestStats.Snapshot s = stats.snapshot();
    assertThat(s.publishes()).isEqualTo(2);
    assertThat(s.videoBitrate()).isZero();
    assertThat(s.frameRate()).isZero();
    assertThat(s.audioBitrate()).isCloseTo(100 * 8 * 1000 / 20, within(1_000L));
  }

  @Test
  void emptyAudioTagsCountAsAudio() {
    IngestStats stats = new IngestStats(CLOCK);
    stats.onPublish("127.0.0.1:5000", CLOCK.instant());
    for (int i = 0; i < 50; i++) {
      stats.onTag(new FlvTag(FlvTag.AUDIO, i * 20L, new byte[0]));
      stats.onTag(new FlvTag(FlvTag.VIDEO, i * 20L, avc(false, 1_000)));
    }

    IngestStats.Snapshot s = stats.snapshot();
    assertThat(s.audioBitrate()).isZero();
    assertThat(s.videoBitrate()).isCloseTo(1_000 * 8 * 50, within(10_000L));
  }

  @Test
  void tagsWithOneTimestampCannotGrowTheWindowWithoutBound() {
    IngestStats stats = new IngestStats(CLOCK);
    stats.onPublish("127.0.0.1:5000", CLOCK.instant());
    for (int i = 0; i < IngestStats.MAX_WINDOW_TAGS * 3; i++) {
      stats.onTag(new FlvTag(FlvTag.AUDIO, 5_000, aac(10)));
    }
    // Then real media: the window still answers, over the span its tags cover.
    for (int i = 0; i < IngestStats.MAX_WINDOW_TAGS; i++) {
      stats.onTag(new FlvTag(FlvTag.AUDIO, 5_000 + i, aac(10)));
    }

    IngestStats.Snapshot s = stats.snapshot();
    assertThat(s.audioFrames()).isEqualTo(IngestStats.MAX_WINDOW_TAGS * 4L);
    assertThat(s.audioBitrate()).isCloseTo(10 * 8 * 1000, within(100L));
  }

  private static byte[] avcConfig() {
    return new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f};
  }

  /** An FLV VIDEODATA tag body (E.4.3.1): AVC, NALU, composition time 0. */
  private static byte[] avc(boolean keyframe, int size) {
    byte[] b = new byte[size];
    b[0] = (byte) (keyframe ? 0x17 : 0x27);
    b[1] = 1;
    return b;
  }

  /** An FLV AUDIODATA tag body (E.4.2.1): AAC, raw frame. */
  private static byte[] aac(int size) {
    byte[] b = new byte[size];
    b[0] = (byte) 0xAF;
    b[1] = 1;
    return b;
  }
}
