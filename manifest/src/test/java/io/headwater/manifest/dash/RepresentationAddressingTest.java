package io.headwater.manifest.dash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.media.TrackType;
import io.headwater.packager.timeline.TrackSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Representations with their own BaseURL and SegmentTemplate, as an ABR group's MPD has them. */
class RepresentationAddressingTest {
  private static SegmentTemplate template(String epoch, long startNumber) {
    return new SegmentTemplate(90_000, "v/" + epoch + "-init-" + startNumber + ".mp4",
        "v/" + epoch + "-$Number$.m4s", startNumber, 180_000, SegmentTimeline.encode(List.of(
            new TrackSegment(1, 180_000, 180_000, 90_000, 1000),
            new TrackSegment(1, 360_000, 180_000, 90_000, 1000))));
  }

  @Test
  void eachRepresentationWritesItsBaseUrlThenItsTemplate() {
    Representation high = new Representation("cam1_720", "avc1.64001f", 2_000_000, 1280, 720,
        "30", 0).addressed("../cam1_720/", template("e1", 4));
    Representation low = new Representation("cam1_360", "avc1.64001e", 600_000, 640, 360, "30",
        0).addressed("../cam1_360/", template("e2", 7));
    AdaptationSet set = new AdaptationSet(1, TrackType.VIDEO, 1280, 720, "30", null, 0, null,
        List.of(high, low));
    Mpd mpd = new Mpd(Mpd.Type.STATIC, List.of(Mpd.PROFILE_ISOFF_LIVE),
        Instant.parse("2026-03-01T12:00:00Z"), null, Duration.ofSeconds(4), null,
        Duration.ofSeconds(2), null, null, List.of(new Period("p0", Duration.ZERO, List.of(set))),
        List.of());

    String xml = new MpdWriter().write(mpd);

    assertThat(xml).contains("    <AdaptationSet id=\"1\" contentType=\"video\" mimeType=\"video/mp4\""
        + " segmentAlignment=\"true\" startWithSAP=\"1\" maxWidth=\"1280\" maxHeight=\"720\""
        + " frameRate=\"30\">\n"
        + "      <Representation id=\"cam1_720\" codecs=\"avc1.64001f\" bandwidth=\"2000000\""
        + " width=\"1280\" height=\"720\" frameRate=\"30\">\n"
        + "        <BaseURL>../cam1_720/</BaseURL>\n"
        + "        <SegmentTemplate timescale=\"90000\" initialization=\"v/e1-init-4.mp4\""
        + " media=\"v/e1-$Number$.m4s\" startNumber=\"4\" presentationTimeOffset=\"180000\">\n"
        + "          <SegmentTimeline>\n"
        + "            <S t=\"180000\" d=\"180000\" r=\"1\"/>\n"
        + "          </SegmentTimeline>\n"
        + "        </SegmentTemplate>\n"
        + "      </Representation>\n"
        + "      <Representation id=\"cam1_360\"");
    assertThat(xml).contains("<BaseURL>../cam1_360/</BaseURL>")
        .contains("initialization=\"v/e2-init-7.mp4\"");
  }

  @Test
  void aSetWithoutTemplateNeedsOneInEveryRepresentation() {
    Representation bare = new Representation("v", "avc1.64001e", 600_000, 640, 360, "30", 0);

    assertThatThrownBy(() -> new AdaptationSet(1, TrackType.VIDEO, 640, 360, "30", null, 0, null,
        List.of(bare)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Representation v has none");
  }
}
