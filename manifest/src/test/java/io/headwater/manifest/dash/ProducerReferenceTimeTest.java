package io.headwater.manifest.dash;

import static io.headwater.manifest.dash.DashFixtures.AV;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START;
import static io.headwater.manifest.dash.DashFixtures.AVAILABILITY_START_90K;
import static io.headwater.manifest.dash.DashFixtures.segments;
import static io.headwater.manifest.dash.DashFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ProducerReferenceTime in the low-latency MPD (ISO/IEC 23009-1 5.12): one per AdaptationSet,
 * before its SegmentTemplate, mapping the Period's start to the wall clock of the program date
 * times, with the MPD's UTCTiming as its clock.
 */
class ProducerReferenceTimeTest {
  private static final String SET = "/d:MPD/d:Period[%d]/d:AdaptationSet[@contentType='%s']";
  private static final ServiceDescription SERVICE = new ServiceDescription(0,
      Duration.ofMillis(1020), Duration.ofMillis(680), Duration.ofMillis(5020), 0.95, 1.05);
  private static final LowLatencyDash LOW_LATENCY =
      new LowLatencyDash(Duration.ofMillis(1660), SERVICE, true);

  private final MpdBuilder builder = new MpdBuilder();
  private final MpdWriter writer = new MpdWriter();

  private String write(TimelineSnapshot snapshot, LowLatencyDash lowLatency) {
    DashOptions options = new DashOptions(Duration.ofMillis(340), Duration.ofSeconds(2),
        Duration.ofMillis(1020), Duration.ofSeconds(12), "https://origin.example/time",
        lowLatency);
    return writer.write(builder.build(new DashInput(snapshot, AVAILABILITY_START,
        AVAILABILITY_START_90K, seq -> AV, Map.of(), options)));
  }

  @Test
  void eachAdaptationSetTiesItsPeriodStartToTheWallClock() {
    String text = write(snapshot(segments(0, 3), false), LOW_LATENCY);

    // The element as written, attribute for attribute (23009-1 5.12.2): the video Period starts
    // at 900000 (90 kHz), the availability start, 2026-03-01T12:00:00Z.
    assertThat(text).contains("\n"
        + "      <ProducerReferenceTime id=\"1\" type=\"encoder\" "
        + "wallClockTime=\"2026-03-01T12:00:00Z\" presentationTime=\"900000\">\n"
        + "        <UTCTiming schemeIdUri=\"urn:mpeg:dash:utc:http-iso:2014\" "
        + "value=\"https://origin.example/time\"/>\n"
        + "      </ProducerReferenceTime>\n"
        + "      <SegmentTemplate timescale=\"90000\"");
    MpdXml mpd = MpdXml.parse(text);
    for (String type : new String[] {"video", "audio"}) {
      String set = SET.formatted(1, type);
      assertThat(mpd.count(set + "/d:ProducerReferenceTime")).as(type).isEqualTo(1);
      String prt = set + "/d:ProducerReferenceTime";
      assertThat(mpd.string(prt + "/@id")).isEqualTo(mpd.string(set + "/@id"));
      assertThat(mpd.string(prt + "/@type")).isEqualTo("encoder");
      assertThat(mpd.count(prt + "/@inband")).as("inband left at its default, false").isZero();
      // presentationTime is on the S@t axis: the Period start, i.e. presentationTimeOffset.
      assertThat(mpd.string(prt + "/@presentationTime"))
          .isEqualTo(mpd.string(set + "/d:SegmentTemplate/@presentationTimeOffset"));
      assertThat(mpd.string(prt + "/@wallClockTime")).isEqualTo("2026-03-01T12:00:00Z");
      // Its clock is the MPD's own.
      assertThat(mpd.string(prt + "/d:UTCTiming/@value"))
          .isEqualTo(mpd.string("/d:MPD/d:UTCTiming/@value"));
      assertThat(mpd.string(prt + "/d:UTCTiming/@schemeIdUri"))
          .isEqualTo(mpd.string("/d:MPD/d:UTCTiming/@schemeIdUri"));
      // AdaptationSet schema order: the descriptors, then SegmentTemplate, then Representation.
      assertThat(mpd.count(prt + "/following-sibling::d:SegmentTemplate")).isEqualTo(1);
    }
  }

  @Test
  void aLaterPeriodsReferenceIsTheProgramDateTimeOfItsFirstSegment() {
    List<SegmentEntry> window = segments(0, 4, 2);
    MpdXml mpd = MpdXml.parse(write(snapshot(window, false), LOW_LATENCY));

    SegmentEntry first = window.get(2);
    for (String type : new String[] {"video", "audio"}) {
      String set = SET.formatted(2, type);
      Instant wall = Instant.parse(mpd.string(set + "/d:ProducerReferenceTime/@wallClockTime"));
      assertThat(wall).as(type).isEqualTo(first.programDateTime());
      long presentationTime =
          Long.parseLong(mpd.string(set + "/d:ProducerReferenceTime/@presentationTime"));
      long timescale = Long.parseLong(mpd.string(set + "/d:SegmentTemplate/@timescale"));
      assertThat(presentationTime).as(type)
          .isEqualTo(first.start90k() * timescale / 90_000);
      // What a player derives (TS 103 285 10.20.4, dash.js): the wall clock at the Period start
      // less Period@start is availabilityStartTime, so the reference adds no offset of its own.
      Duration periodStart = Duration.parse(mpd.string("/d:MPD/d:Period[2]/@start"));
      assertThat(wall.minus(periodStart)).as(type).isEqualTo(AVAILABILITY_START);
    }
  }

  @Test
  void onlyTheLowLatencyLiveMpdHasIt() {
    MpdXml standard = MpdXml.parse(write(snapshot(segments(0, 3), false), null));
    assertThat(standard.count("//d:ProducerReferenceTime")).isZero();
    MpdXml ended = MpdXml.parse(write(snapshot(segments(0, 3), true), LOW_LATENCY));
    assertThat(ended.string("/d:MPD/@type")).isEqualTo("static");
    assertThat(ended.count("//d:ProducerReferenceTime")).isZero();
  }

  @Test
  void outOfRangeValuesAreRefused() {
    UtcTiming clock = UtcTiming.httpIso("/time");
    Instant t = Instant.parse("2026-03-01T12:00:00Z");
    assertThatThrownBy(() -> new ProducerReferenceTime(-1, ProducerReferenceTime.Type.ENCODER, t,
        0, clock)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@id");
    assertThatThrownBy(() -> new ProducerReferenceTime(1L << 32,
        ProducerReferenceTime.Type.ENCODER, t, 0, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsignedInt");
    assertThatThrownBy(() -> new ProducerReferenceTime(1, ProducerReferenceTime.Type.ENCODER, t,
        -5, clock)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("presentationTime");
  }
}
