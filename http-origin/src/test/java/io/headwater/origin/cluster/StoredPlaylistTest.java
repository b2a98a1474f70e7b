package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.headwater.origin.http.BlockingRequests.PlaylistRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How an origin node decides on blocking requests from a stored LL-HLS playlist
 * (draft-pantos-hls-rfc8216bis 6.2.5.2): the same answers an ingest node gives from its views.
 */
class StoredPlaylistTest {
  /** Segments 4 and 5 complete (5 with three parts listed), part 0 and 1 of 6 being written. */
  private static final String LL = """
      #EXTM3U
      #EXT-X-VERSION:9
      #EXT-X-TARGETDURATION:2
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5
      #EXT-X-PART-INF:PART-TARGET=0.5
      #EXT-X-MEDIA-SEQUENCE:4
      #EXT-X-MAP:URI="v/e1-init-0.mp4"
      #EXTINF:2.00000,
      v/e1-4.m4s
      #EXT-X-PART:DURATION=0.50000,URI="v/e1-5.0.m4s",INDEPENDENT=YES
      #EXT-X-PART:DURATION=0.50000,URI="v/e1-5.1.m4s"
      #EXT-X-PART:DURATION=1.00000,URI="v/e1-5.2.m4s"
      #EXTINF:2.00000,
      v/e1-5.m4s
      #EXT-X-PART:DURATION=0.50000,URI="v/e1-6.0.m4s",INDEPENDENT=YES
      #EXT-X-PART:DURATION=0.50000,URI="v/e1-6.1.m4s"
      #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/e1-6.2.m4s"
      #EXT-X-RENDITION-REPORT:URI="a.m3u8",LAST-MSN=6,LAST-PART=1
      """;

  private static StoredPlaylist parse(String text) {
    return StoredPlaylist.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static PlaylistRequest msn(long msn, int part) {
    return new PlaylistRequest(msn, part, false);
  }

  @Test
  void readsSegmentsPartsAndPartTarget() {
    StoredPlaylist p = parse(LL);
    assertThat(p.lastComplete()).isEqualTo(5);
    assertThat(p.lowLatency()).isTrue();
    assertThat(p.partTargetMicros()).isEqualTo(500_000);
    assertThat(p.targetDurationSeconds()).isEqualTo(2);
    assertThat(p.parts()).extracting(StoredPlaylist.Part::segmentSequence,
            StoredPlaylist.Part::partIndex)
        .containsExactly(tuple(5L, 0), tuple(5L, 1), tuple(5L, 2), tuple(6L, 0), tuple(6L, 1));
    assertThat(p.lists("v/e1-6.1.m4s")).isTrue();
    assertThat(p.lists("v/e1-6.2.m4s")).as("the hint is not a listed part").isFalse();
    assertThat(p.ended()).isFalse();
  }

  @Test
  void answersWhatIsListedAndHoldsWhatIsNot() {
    StoredPlaylist p = parse(LL);
    assertThat(p.satisfies(msn(5, -1))).as("a complete segment").isTrue();
    assertThat(p.satisfies(msn(6, -1))).as("the segment being written").isFalse();
    assertThat(p.satisfies(msn(6, 1))).as("a listed part").isTrue();
    assertThat(p.satisfies(msn(6, 2))).as("the hinted part").isFalse();
    assertThat(p.satisfies(msn(5, 3)))
        .as("past the last part of a complete segment: part 0 of the next").isTrue();
    assertThat(p.satisfies(msn(5, 9))).isTrue();
    assertThat(p.partMayStillCome(6)).isTrue();
    assertThat(p.partMayStillCome(5)).as("a complete segment gets no more parts").isFalse();
    assertThat(p.partMayStillCome(7)).isFalse();
    StoredPlaylist ended = parse(LL.replace("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/e1-6.2.m4s\"",
        "#EXT-X-ENDLIST"));
    assertThat(ended.satisfies(msn(9, 0))).as("parameters are ignored after ENDLIST").isTrue();
    assertThat(ended.partMayStillCome(6)).isFalse();
    StoredPlaylist unfed = parse(LL.replace("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/e1-6.2.m4s\"",
        ""));
    assertThat(unfed.partMayStillCome(6)).as("no hint: the publisher left").isFalse();
  }

  @Test
  void refusesWhatIsTooFarAhead() {
    StoredPlaylist p = parse(LL);
    assertThat(p.tooFarAhead(msn(8, -1))).as("two past the segment being written").isNull();
    assertThat(p.tooFarAhead(msn(9, -1))).contains("more than two segments");
    assertThat(p.tooFarAhead(msn(6, 7))).as("advance part limit 3 / 0.5 s = 6").isNull();
    assertThat(p.tooFarAhead(msn(6, 8))).contains("advance part limit");
  }

  @Test
  void aPlainPlaylistIsNotLowLatencyAndABrokenOneIsRefused() {
    StoredPlaylist plain = parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:3\n"
        + "#EXTINF:2.0,\nv/e1-3.m4s\n");
    assertThat(plain.lowLatency()).isFalse();
    assertThat(plain.lastComplete()).isEqualTo(3);
    assertThatThrownBy(() -> parse("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("#EXTM3U\n#EXT-X-PART:DURATION=0.5,URI=v/x.m4s\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quoted");
    assertThatThrownBy(() -> parse("#EXTM3U\n#EXT-X-PART-INF:PART-TARGET=abc\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
