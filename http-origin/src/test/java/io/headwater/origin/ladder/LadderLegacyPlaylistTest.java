package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.LoopbackOrigin;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ll=off} on an ABR group's {@code index.m3u8} with the default settings (low latency
 * on): its media playlist URIs carry {@code ll=off}, so a player or cache given that URL gets the
 * renditions' plain playlists throughout, as with a single stream's {@code index.m3u8}.
 */
class LadderLegacyPlaylistTest {
  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c);

  @Test
  void llOffOnTheGroupPlaylistReachesEveryRendition() throws Exception {
    Process hi = LadderPublisher.copy(origin.rtmpUrl("live/cam2_hi"));
    Process lo = LadderPublisher.copy(origin.rtmpUrl("live/cam2_lo"));
    try {
      String group = origin.http().awaitText("/live/cam2/index.m3u8?ll=off",
          "cam2_lo/v.m3u8", Duration.ofSeconds(30));
      group = origin.http().awaitText("/live/cam2/index.m3u8?ll=off", "cam2_hi/v.m3u8",
          Duration.ofSeconds(30));
      assertThat(group).contains("\n../cam2_hi/v.m3u8?ll=off\n")
          .contains("\n../cam2_lo/v.m3u8?ll=off\n").contains("/a.m3u8?ll=off\"");
      assertThat(origin.http().text("/live/cam2/index.m3u8")).doesNotContain("ll=off")
          .contains("\n../cam2_hi/v.m3u8\n");

      String rendition = origin.http().text("/live/cam2_lo/v.m3u8?ll=off");
      assertThat(rendition).contains("#EXTINF").doesNotContain("#EXT-X-PART");
      assertThat(origin.http().awaitText("/live/cam2_lo/v.m3u8", "#EXT-X-PART:",
          Duration.ofSeconds(10))).as("low latency by default").contains("#EXT-X-PART-INF");
    } finally {
      LadderPublisher.stop(hi);
      LadderPublisher.stop(lo);
    }
  }
}
