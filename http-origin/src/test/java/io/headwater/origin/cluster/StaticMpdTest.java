package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The live MPD of a stream whose ingest node died, made static: the duration where the longest
 * track of the last Period ends, every track announced up to it, no live-only attributes.
 */
class StaticMpdTest {
  /** As MpdBuilder writes a live MPD: Period at 10 s, video 3 x 2 s, audio 2 s, 2 s, 2.016 s. */
  private static final String LIVE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" \
      profiles="urn:mpeg:dash:profile:isoff-live:2011" availabilityStartTime="2026-03-01T12:00:00Z" \
      publishTime="2026-03-01T12:00:16Z" minimumUpdatePeriod="PT2S" minBufferTime="PT4S" \
      timeShiftBufferDepth="PT30S" suggestedPresentationDelay="PT6S">
        <Period id="p5" start="PT10S">
          <AdaptationSet id="1" contentType="video" mimeType="video/mp4">
            <SegmentTemplate timescale="90000" initialization="v/e1-init.mp4" \
      media="v/e1-$Number$.m4s" startNumber="5" presentationTimeOffset="900000">
              <SegmentTimeline>
                <S t="900000" d="180000" r="2"/>
              </SegmentTimeline>
            </SegmentTemplate>
          </AdaptationSet>
          <AdaptationSet id="2" contentType="audio" mimeType="audio/mp4">
            <SegmentTemplate timescale="48000" initialization="a/e1-init.mp4" \
      media="a/e1-$Number$.m4s" startNumber="5" presentationTimeOffset="480000">
              <SegmentTimeline>
                <S t="480000" d="96000" r="1"/>
                <S d="96768"/>
              </SegmentTimeline>
            </SegmentTemplate>
          </AdaptationSet>
        </Period>
        <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="/time"/>
      </MPD>
      """;

  private static String staticOf(String mpd) {
    return new String(StaticMpd.of(mpd.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  @Test
  void theDurationIsWhereTheLongestTrackEndsAndEveryTrackReachesIt() {
    String mpd = staticOf(LIVE);
    assertThat(mpd).contains("type=\"static\"")
        // audio: 10 s + (480000 + 2 x 96000 + 96768 - 480000) / 48000 s = 16.016 s
        .contains("mediaPresentationDuration=\"PT16.016S\"")
        .contains("minBufferTime=\"PT4S\"")
        .contains("availabilityStartTime=\"2026-03-01T12:00:00Z\"")
        .doesNotContain("minimumUpdatePeriod").doesNotContain("timeShiftBufferDepth")
        .doesNotContain("suggestedPresentationDelay").doesNotContain("UTCTiming")
        .doesNotContain("dynamic");
    // video ended at 16 s: its last segment of the run grows by 16 ms (1440 ticks) to 16.016 s
    assertThat(mpd).contains("<S d=\"180000\" r=\"1\" t=\"900000\"/>")
        .contains("<S d=\"181440\"/>")
        .contains("<S d=\"96768\"/>");
    assertThat(mpd.indexOf("d=\"181440\"")).as("the grown segment follows the run")
        .isGreaterThan(mpd.indexOf("r=\"1\" t=\"900000\""))
        .isLessThan(mpd.indexOf("contentType=\"audio\""));
  }

  @Test
  void aStaticMpdStaysAsItIsAndWhatIsNotAnMpdIsRefused() {
    String ended = LIVE.replace("type=\"dynamic\"", "type=\"static\"");
    assertThat(staticOf(ended)).isEqualTo(ended);
    assertThatThrownBy(() -> staticOf("<MPD type=\"dynamic\"><Period start=\"PT0S\"/></MPD>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SegmentTimeline");
    assertThatThrownBy(() -> staticOf("<!DOCTYPE MPD [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<MPD type=\"dynamic\">&x;</MPD>")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> staticOf("not xml")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> staticOf(LIVE.replace("start=\"PT10S\"", "start=\"ten\"")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> staticOf(LIVE.replace("r=\"2\"", "r=\"9223372036854775807\"")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
