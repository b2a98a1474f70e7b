package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What origin nodes get of low-latency manifests: whole segments only. */
class LowLatencyTagsTest {
  @Test
  void anLlHlsPlaylistLosesItsPartsAndKeepsItsSegments() {
    String ll = """
        #EXTM3U
        #EXT-X-VERSION:9
        #EXT-X-TARGETDURATION:2
        #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5
        #EXT-X-PART-INF:PART-TARGET=0.5
        #EXT-X-MEDIA-SEQUENCE:4
        #EXT-X-MAP:URI="v/e1-init-0.mp4"
        #EXTINF:2.000,
        v/e1-4.m4s
        #EXT-X-PART:DURATION=0.5,URI="v/e1-5.0.m4s",INDEPENDENT=YES
        #EXT-X-PART:DURATION=0.5,URI="v/e1-5.1.m4s"
        #EXTINF:2.000,
        v/e1-5.m4s
        #EXT-X-PART:DURATION=0.5,URI="v/e1-6.0.m4s",INDEPENDENT=YES
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/e1-6.1.m4s"
        #EXT-X-RENDITION-REPORT:URI="a.m3u8",LAST-MSN=6,LAST-PART=0
        """;
    assertThat(LowLatencyTags.strip(ll)).isEqualTo("""
        #EXTM3U
        #EXT-X-VERSION:9
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:4
        #EXT-X-MAP:URI="v/e1-init-0.mp4"
        #EXTINF:2.000,
        v/e1-4.m4s
        #EXTINF:2.000,
        v/e1-5.m4s
        """);
  }

  @Test
  void plainManifestsStayAsTheyAre() {
    String plain = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nts/e1-1.ts\n";
    assertThat(LowLatencyTags.strip(plain)).isSameAs(plain);
    String mpd = "<MPD><Period><AdaptationSet><SegmentTemplate timescale=\"90000\"/>"
        + "</AdaptationSet></Period></MPD>";
    assertThat(LowLatencyTags.stripMpd(mpd)).isSameAs(mpd);
  }

  @Test
  void aLowLatencyMpdLosesEarlyAvailabilityAndItsLatencyTarget() {
    String mpd = """
        <MPD type="dynamic"><ServiceDescription id="0"><Latency target="3000" min="2000"/>\
        <PlaybackRate min="0.96" max="1.04"/></ServiceDescription>
        <Period><AdaptationSet><SegmentTemplate timescale="90000" availabilityTimeOffset="1.5" \
        availabilityTimeComplete="false" media="v/e1-$Number$.m4s"/></AdaptationSet></Period></MPD>""";
    String stripped = LowLatencyTags.stripMpd(mpd);
    assertThat(stripped).doesNotContain("availabilityTime").doesNotContain("ServiceDescription")
        .contains("<SegmentTemplate timescale=\"90000\" media=\"v/e1-$Number$.m4s\"/>")
        .startsWith("<MPD type=\"dynamic\"><Period>");
  }
}
