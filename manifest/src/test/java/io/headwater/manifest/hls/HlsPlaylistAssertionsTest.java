package io.headwater.manifest.hls;

import static io.headwater.manifest.hls.HlsPlaylistAssertions.assertValidMediaPlaylist;
import static io.headwater.manifest.hls.HlsPlaylistAssertions.assertValidUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test helper must be able to fail: each case breaks one RFC 8216 rule. */
class HlsPlaylistAssertionsTest {
  private static final String HEAD = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n";

  @Test
  void acceptsAValidPlaylist() {
    assertThat(assertValidMediaPlaylist(HEAD + "#EXT-X-MEDIA-SEQUENCE:5\n#EXTINF:2.00000,\na.ts\n")
        .segments()).singleElement().satisfies(s -> {
          assertThat(s.mediaSequenceNumber()).isEqualTo(5);
          assertThat(s.uri()).isEqualTo("a.ts");
        });
  }

  @Test
  void catchesExtinfAboveTargetDuration() {
    assertThatThrownBy(() -> assertValidMediaPlaylist(HEAD + "#EXTINF:2.50000,\na.ts\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("4.3.3.1");
  }

  @Test
  void catchesPlaylistTypeOnALivePlaylist() {
    assertThatThrownBy(() -> assertValidMediaPlaylist(HEAD + "#EXT-X-PLAYLIST-TYPE:EVENT\n"
        + "#EXTINF:2.00000,\na.ts\n")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("6.2.1");
  }

  @Test
  void catchesMissingDiscontinuitySequenceAfterRemoval() {
    assertThatThrownBy(() -> assertValidMediaPlaylist(HEAD + "#EXT-X-MEDIA-SEQUENCE:3\n"
        + "#EXTINF:2.00000,\na.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.00000,\nb.ts\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("6.2.2");
  }

  @Test
  void catchesMapBelowVersion6AndSegmentsWithoutExtinf() {
    assertThatThrownBy(() -> assertValidMediaPlaylist(HEAD + "#EXT-X-MAP:URI=\"i.mp4\"\n"
        + "#EXTINF:2.00000,\na.m4s\n")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("EXT-X-MAP");
    assertThatThrownBy(() -> assertValidMediaPlaylist(HEAD + "a.ts\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("4.3.2.1");
  }

  @Test
  void catchesADiscontinuitySequenceThatDidNotAdvance() {
    String before = HEAD + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n"
        + "#EXT-X-DISCONTINUITY\n#EXTINF:2.00000,\na.ts\n#EXTINF:2.00000,\nb.ts\n";
    String after = HEAD + "#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n"
        + "#EXTINF:2.00000,\nb.ts\n#EXTINF:2.00000,\nc.ts\n";

    assertThatThrownBy(() -> assertValidUpdate(before, after))
        .isInstanceOf(AssertionError.class).hasMessageContaining("DISCONTINUITY-SEQUENCE");
  }
}
