package io.headwater.origin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.Tools;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A publisher killed with SIGKILL mid-segment, then republished within the grace period. */
class IngestRepublishTest {
  @Test
  void killedPublisherRepublishesAfterAMarkedDiscontinuity() throws Exception {
    try (IngestHarness origin = new IngestHarness(RtmpServerConfig.loopback(0),
        PublishAuthorizer.ALLOW_ALL, Duration.ofSeconds(5))) {
      String path = origin.tsPlaylistPath("k9");
      Process first = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          origin.rtmpUrl("live/k9"), true);
      try {
        // Two segments out, so the kill lands inside the third (about 5 s of 10 s).
        MediaPlaylist live = MediaPlaylist.parse(origin.http.awaitText(path, "#EXTINF",
            Duration.ofSeconds(20)));
        while (live.segments().size() < 2) {
          Thread.sleep(100); // polling the playlist, which is what a player does
          live = MediaPlaylist.parse(origin.http.text(path));
        }
      } finally {
        first.destroyForcibly(); // SIGKILL: no FCUnpublish, no FIN from ffmpeg itself
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      Process second = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          origin.rtmpUrl("live/k9"), false);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as("republish accepted").isZero();

      MediaPlaylist ended = origin.awaitEnded("k9", Duration.ofSeconds(30));
      assertThat(ended.segments().stream().filter(MediaPlaylist.Entry::discontinuity))
          .as("one discontinuity between the two publishers").hasSize(1);
      int breakAt = 0;
      while (!ended.segments().get(breakAt).discontinuity()) {
        breakAt++;
      }
      assertThat(ended.mediaSequence() + breakAt).as("segments of the killed publisher, "
          + "counting those that left the 6-segment window").isGreaterThanOrEqualTo(2);
      assertThat(ended.segments().size() - breakAt).as("the republished 10 s").isEqualTo(5);
      assertThat(origin.decodeErrorsOfJoinedSegments("k9", ended))
          .as("ffmpeg decodes across the break").isEmpty();
      assertThat(origin.probe("k9").get("streams")).as("ffprobe reads the playlist").hasSize(2);
    }
  }
}
