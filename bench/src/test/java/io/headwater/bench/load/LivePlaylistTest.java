package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LivePlaylistTest {
  private static final String LOW_LATENCY = """
      #EXTM3U
      #EXT-X-VERSION:9
      #EXT-X-TARGETDURATION:2
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.02,CAN-SKIP-UNTIL=12
      #EXT-X-PART-INF:PART-TARGET=0.34
      #EXT-X-MEDIA-SEQUENCE:4
      #EXT-X-MAP:URI="v/tok-init.mp4"
      #EXTINF:2.00000,
      v/tok-4.m4s
      #EXT-X-PART:DURATION=0.33300,URI="v/tok-5.0.m4s",INDEPENDENT=YES
      #EXT-X-PART:DURATION=0.33400,URI="v/tok-5.1.m4s"
      #EXTINF:0.66700,
      v/tok-5.m4s
      #EXT-X-PART:DURATION=0.33300,URI="v/tok-6.0.m4s",INDEPENDENT=YES
      #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/tok-6.1.m4s"
      #EXT-X-RENDITION-REPORT:URI="a.m3u8",LAST-MSN=6,LAST-PART=0
      """;

  @Test
  void segmentsCarryTheirPartsAndTheOpenSegmentItsOwn() {
    LivePlaylist p = LivePlaylist.parse(LOW_LATENCY);

    assertThat(p.mediaSequence()).isEqualTo(4);
    assertThat(p.segments()).extracting(LivePlaylist.Segment::sequence).containsExactly(4L, 5L);
    assertThat(p.segments().get(0).parts()).isEmpty();
    assertThat(p.segments().get(1).parts()).containsExactly(
        new LivePlaylist.Part(0.333, "v/tok-5.0.m4s", true),
        new LivePlaylist.Part(0.334, "v/tok-5.1.m4s", false));
    assertThat(p.segments().get(1).durationSeconds()).isEqualTo(0.667);
    assertThat(p.openParts()).containsExactly(new LivePlaylist.Part(0.333, "v/tok-6.0.m4s", true));
    assertThat(p.nextSequence()).isEqualTo(6);
    assertThat(p.ended()).isFalse();
  }

  @Test
  void plainPlaylistHasNoPartsAndMayEnd() {
    LivePlaylist p = LivePlaylist.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        + "#EXTINF:2.002,\ns-0.ts\n#EXTINF:1.998,\ns-1.ts\n#EXT-X-ENDLIST\n");

    assertThat(p.mediaSequence()).isZero();
    assertThat(p.segments()).containsExactly(
        new LivePlaylist.Segment(0, 2.002, "s-0.ts", java.util.List.of()),
        new LivePlaylist.Segment(1, 1.998, "s-1.ts", java.util.List.of()));
    assertThat(p.openParts()).isEmpty();
    assertThat(p.ended()).isTrue();
  }

  @Test
  void attributeValuesMayBeQuotedAndContainCommas() {
    String attrs = "DURATION=0.5,URI=\"a,b.m4s\",INDEPENDENT=YES";

    assertThat(LivePlaylist.attribute(attrs, "URI")).isEqualTo("a,b.m4s");
    assertThat(LivePlaylist.attribute(attrs, "INDEPENDENT")).isEqualTo("YES");
    assertThat(LivePlaylist.attribute(attrs, "GAP")).isNull();
  }
}
