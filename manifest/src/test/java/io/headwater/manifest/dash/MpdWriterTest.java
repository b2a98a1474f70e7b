package io.headwater.manifest.dash;

import static io.headwater.manifest.dash.DashFixtures.AV;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START_90K;
import static io.headwater.manifest.dash.DashFixtures.OPTIONS;
import static io.headwater.manifest.dash.DashFixtures.segments;
import static io.headwater.manifest.dash.DashFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MpdWriterTest {
  /**
   * Four 2 s segments, a discontinuity at 2: two Periods. Audio starts 512 ticks after video;
   * its segments are cut at the first AAC frame at or after each video boundary.
   */
  private static final String SMALL_DYNAMIC_MPD =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\" type=\"dynamic\" availabilityStartTime=\"2026-03-01T12:00:00Z\" publishTime=\"2026-03-01T12:00:08Z\" minimumUpdatePeriod=\"PT2S\" timeShiftBufferDepth=\"PT30S\" suggestedPresentationDelay=\"PT6S\" minBufferTime=\"PT4S\">\n"
        + "  <Period id=\"p0\" start=\"PT0S\">\n"
        + "    <AdaptationSet id=\"1\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"640\" maxHeight=\"360\" frameRate=\"30\">\n"
        + "      <SegmentTemplate timescale=\"90000\" initialization=\"v/e1-init-0.mp4\" media=\"v/e1-$Number$.m4s\" startNumber=\"0\" presentationTimeOffset=\"900000\">\n"
        + "        <SegmentTimeline>\n"
        + "          <S t=\"900000\" d=\"180000\" r=\"1\"/>\n"
        + "        </SegmentTimeline>\n"
        + "      </SegmentTemplate>\n"
        + "      <Representation id=\"v\" codecs=\"avc1.64001e\" bandwidth=\"1000000\" width=\"640\" height=\"360\" frameRate=\"30\"/>\n"
        + "    </AdaptationSet>\n"
        + "    <AdaptationSet id=\"2\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" lang=\"und\">\n"
        + "      <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"2\"/>\n"
        + "      <SegmentTemplate timescale=\"48000\" initialization=\"a/e1-init-0.mp4\" media=\"a/e1-$Number$.m4s\" startNumber=\"0\" presentationTimeOffset=\"480000\">\n"
        + "        <SegmentTimeline>\n"
        + "          <S t=\"480512\" d=\"96256\"/>\n"
        + "          <S d=\"95232\"/>\n"
        + "        </SegmentTimeline>\n"
        + "      </SegmentTemplate>\n"
        + "      <Representation id=\"a\" codecs=\"mp4a.40.2\" bandwidth=\"128000\" audioSamplingRate=\"48000\"/>\n"
        + "    </AdaptationSet>\n"
        + "  </Period>\n"
        + "  <Period id=\"p2\" start=\"PT4S\">\n"
        + "    <AdaptationSet id=\"1\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"640\" maxHeight=\"360\" frameRate=\"30\">\n"
        + "      <SegmentTemplate timescale=\"90000\" initialization=\"v/e1-init-2.mp4\" media=\"v/e1-$Number$.m4s\" startNumber=\"2\" presentationTimeOffset=\"1260000\">\n"
        + "        <SegmentTimeline>\n"
        + "          <S t=\"1260000\" d=\"180000\" r=\"1\"/>\n"
        + "        </SegmentTimeline>\n"
        + "      </SegmentTemplate>\n"
        + "      <Representation id=\"v\" codecs=\"avc1.64001e\" bandwidth=\"1000000\" width=\"640\" height=\"360\" frameRate=\"30\"/>\n"
        + "    </AdaptationSet>\n"
        + "    <AdaptationSet id=\"2\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\" startWithSAP=\"1\" lang=\"und\">\n"
        + "      <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"2\"/>\n"
        + "      <SegmentTemplate timescale=\"48000\" initialization=\"a/e1-init-2.mp4\" media=\"a/e1-$Number$.m4s\" startNumber=\"2\" presentationTimeOffset=\"672000\">\n"
        + "        <SegmentTimeline>\n"
        + "          <S t=\"672000\" d=\"96256\" r=\"1\"/>\n"
        + "        </SegmentTimeline>\n"
        + "      </SegmentTemplate>\n"
        + "      <Representation id=\"a\" codecs=\"mp4a.40.2\" bandwidth=\"128000\" audioSamplingRate=\"48000\"/>\n"
        + "    </AdaptationSet>\n"
        + "  </Period>\n"
        + "  <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:http-iso:2014\" value=\"/time\"/>\n"
        + "</MPD>\n";

  private final MpdWriter writer = new MpdWriter();

  private static Mpd smallDynamicMpd(DashOptions options) {
    return new MpdBuilder().build(new DashInput(snapshot(segments(0, 4, 2), false),
        AVAILABILITY_START, AVAILABILITY_START_90K, seq -> AV, Map.of(1, 1_000_000L, 2, 128_000L),
        options));
  }

  @Test
  void writesASmallDynamicMpd() {
    assertThat(writer.write(smallDynamicMpd(OPTIONS))).isEqualTo(SMALL_DYNAMIC_MPD);
  }

  @Test
  void outputIsStableForAFixedInput() {
    assertThat(writer.write(smallDynamicMpd(OPTIONS)))
        .isEqualTo(writer.write(smallDynamicMpd(OPTIONS)));
  }

  @Test
  void escapesAttributeValues() {
    DashOptions options = new DashOptions(Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(6), Duration.ofSeconds(30), "https://o.example/time?a=1&b=\"<x>\"");
    String text = writer.write(smallDynamicMpd(options));

    assertThat(text).contains("value=\"https://o.example/time?a=1&amp;b=&quot;&lt;x&gt;&quot;\"");
    assertThat(MpdXml.parse(text).string("/d:MPD/d:UTCTiming/@value"))
        .isEqualTo("https://o.example/time?a=1&b=\"<x>\"");
  }
}
