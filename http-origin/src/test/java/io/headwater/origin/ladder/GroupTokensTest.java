package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.security.PlaybackToken;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendition tokens derived from a group's token, and where the group manifests put them. */
class GroupTokensTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_000_000),
      ZoneOffset.UTC);
  private static final PlaybackToken TOKENS = new PlaybackToken("group-token-secret", CLOCK);
  private static final long EXP = 1_000_600;

  @Test
  void aRenditionTokenKeepsTheGroupTokensExpiryAndClient() throws Exception {
    InetAddress viewer = InetAddress.getByName("198.51.100.7");
    InetAddress other = InetAddress.getByName("198.51.100.8");
    String bound = TOKENS.sign("/live/cam/", EXP, "198.51.100.7");
    String derived = TOKENS.derive("/live/cam/", bound, Long.toString(EXP), viewer,
        "/live/cam_480/");
    assertThat(TOKENS.check("/live/cam_480/", derived, Long.toString(EXP), viewer))
        .isEqualTo(PlaybackToken.Verdict.VALID);
    assertThat(TOKENS.check("/live/cam_480/", derived, Long.toString(EXP), other))
        .as("bound to the viewer, like the group's").isEqualTo(PlaybackToken.Verdict.WRONG_SIGNATURE);

    String anyClient = TOKENS.sign("/live/cam/", EXP, null);
    String open = TOKENS.derive("/live/cam/", anyClient, Long.toString(EXP), viewer,
        "/live/cam_480/");
    assertThat(TOKENS.check("/live/cam_480/", open, Long.toString(EXP), other))
        .isEqualTo(PlaybackToken.Verdict.VALID);
    assertThat(TOKENS.derive("/live/other/", anyClient, Long.toString(EXP), viewer,
        "/live/cam_480/")).as("a token of another stream gives nothing").isNull();
  }

  @Test
  void eachUriCarriesTheTokenOfTheRenditionItPointsInto() {
    Map<String, String> queries = Map.of("", "token=G&exp=9", "../cam_480/", "token=R&exp=9");
    assertThat(GroupTokens.hls("""
        #EXTM3U
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="a.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=1
        v.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=2
        ../../cam_480/ts/index.m3u8
        """, queries)).isEqualTo("""
        #EXTM3U
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="a.m3u8?token=G&exp=9"
        #EXT-X-STREAM-INF:BANDWIDTH=1
        v.m3u8?token=G&exp=9
        #EXT-X-STREAM-INF:BANDWIDTH=2
        ../../cam_480/ts/index.m3u8?token=R&exp=9
        """);
    assertThat(GroupTokens.mpd("""
        <AdaptationSet>
        <Representation id="cam"><SegmentTemplate initialization="v/i.mp4" media="v/$Number$.m4s"/></Representation>
        <Representation id="cam_480"><BaseURL>../cam_480/</BaseURL><SegmentTemplate initialization="v/i.mp4" media="v/$Number$.m4s"/></Representation>
        </AdaptationSet>""", queries)).isEqualTo("""
        <AdaptationSet>
        <Representation id="cam"><SegmentTemplate initialization="v/i.mp4?token=G&amp;exp=9" media="v/$Number$.m4s?token=G&amp;exp=9"/></Representation>
        <Representation id="cam_480"><BaseURL>../cam_480/?token=R&amp;exp=9</BaseURL><SegmentTemplate initialization="v/i.mp4?token=R&amp;exp=9" media="v/$Number$.m4s?token=R&amp;exp=9"/></Representation>
        </AdaptationSet>""");
  }
}
