package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestTokensTest {
  private static final String Q = "token=abc&exp=123";

  @Test
  void everyUriOfAMediaPlaylistCarriesTheToken() {
    String playlist = """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXT-X-MAP:URI="v/e1-init.mp4"
        #EXT-X-PART:DURATION=0.5,URI="v/e1-7.0.m4s",INDEPENDENT=YES
        #EXTINF:2.00000,
        v/e1-7.m4s
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/e1-8.1.m4s"
        #EXT-X-RENDITION-REPORT:URI="a.m3u8",LAST-MSN=7
        https://cdn.example/other.m4s
        """;
    assertThat(ManifestTokens.hls(playlist, Q)).isEqualTo("""
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXT-X-MAP:URI="v/e1-init.mp4?token=abc&exp=123"
        #EXT-X-PART:DURATION=0.5,URI="v/e1-7.0.m4s?token=abc&exp=123",INDEPENDENT=YES
        #EXTINF:2.00000,
        v/e1-7.m4s?token=abc&exp=123
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/e1-8.1.m4s?token=abc&exp=123"
        #EXT-X-RENDITION-REPORT:URI="a.m3u8?token=abc&exp=123",LAST-MSN=7
        https://cdn.example/other.m4s
        """);
  }

  @Test
  void multivariantRenditionsAndQueriesAlreadyThere() {
    String playlist = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"a.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8?x=1\n";
    assertThat(ManifestTokens.hls(playlist, Q)).isEqualTo("#EXTM3U\n"
        + "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"a.m3u8?token=abc&exp=123\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8?x=1&token=abc&exp=123\n");
  }

  @Test
  void mpdTemplatesAndBaseUrlsCarryTheTokenXmlEscaped() {
    String mpd = "<MPD><BaseURL>seg/</BaseURL><Period><AdaptationSet>"
        + "<SegmentTemplate timescale=\"1000\" initialization=\"v/e1-init.mp4\" "
        + "media=\"v/e1-$Number$.m4s\" startNumber=\"1\"/>"
        + "<UTCTiming value=\"http://h/time\"/></AdaptationSet></Period></MPD>";
    assertThat(ManifestTokens.mpd(mpd, Q)).isEqualTo("<MPD><BaseURL>seg/?token=abc&amp;exp=123"
        + "</BaseURL><Period><AdaptationSet>"
        + "<SegmentTemplate timescale=\"1000\" initialization=\"v/e1-init.mp4?token=abc&amp;"
        + "exp=123\" media=\"v/e1-$Number$.m4s?token=abc&amp;exp=123\" startNumber=\"1\"/>"
        + "<UTCTiming value=\"http://h/time\"/></AdaptationSet></Period></MPD>");
  }
}
