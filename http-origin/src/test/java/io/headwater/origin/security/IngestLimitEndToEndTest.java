package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.Tools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ingest bitrate door with real ffmpeg: a publisher sending above
 * {@code limits.maxIngestBitrate} over the window is disconnected and counted, what it sent
 * before stays playable, and a short burst within the window's budget passes.
 */
class IngestLimitEndToEndTest {
  @Test
  void aPublisherAboveTheLimitIsCutOffAndItsAcceptedMediaStays() throws Exception {
    // The sample is about 600 kbit/s; 400 kbit/s over 4 s is a budget of 200 kB.
    try (SecureOrigin origin = new SecureOrigin("""
        limits: { maxIngestBitrate: 400k, ingestBitrateWindow: 4s }
        """)) {
      Tools.Result burst = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
          "error", "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-t", "1", "-c",
          "copy", "-f", "flv", origin.rtmpUrl("live/burst")), 60);
      assertThat(burst.exitCode()).as("a 1 s burst fits the budget: %s", burst.stderr())
          .isZero();

      Tools.Result fast = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
          "error", "-re", "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-c", "copy",
          "-f", "flv", origin.rtmpUrl("live/fast")), 60);
      assertThat(fast.exitCode()).as("ffmpeg is disconnected: %s", fast.stderr()).isNotZero();
      assertThat(origin.http.text("/metrics"))
          .contains("headwater_ingest_bitrate_exceeded_total 1.0");
      MediaPlaylist kept = MediaPlaylist.parse(origin.http.awaitText(
          "/live/fast/ts/index.m3u8", "#EXTINF", Duration.ofSeconds(20)));
      assertThat(kept.segments()).isNotEmpty();
      double seconds = kept.segments().stream().mapToDouble(MediaPlaylist.Entry::duration)
          .sum();
      assertThat(seconds).as("media accepted before the cut, of a 10 s file")
          .isBetween(1.0, 8.0);
    }
  }
}
