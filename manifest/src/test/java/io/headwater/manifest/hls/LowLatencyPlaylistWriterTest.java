package io.headwater.manifest.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.manifest.hls.LowLatencyPlaylist.HlsPart;
import io.headwater.manifest.hls.LowLatencyPlaylist.OpenSegment;
import io.headwater.manifest.hls.LowLatencyPlaylist.RenditionReport;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LL-HLS media playlists (draft-pantos-hls-rfc8216bis 4.4.3.7-8, 4.4.4.9, 4.4.5.2-4). */
class LowLatencyPlaylistWriterTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:04:05.120Z");
  private static final MediaPlaylistOptions CMAF = new MediaPlaylistOptions(9, null, true);

  private static SegmentEntry segment(long seq, boolean discontinuity) {
    return new SegmentEntry(seq, seq * 180_000, 180_000, T0.plusSeconds(2 * seq), discontinuity,
        true, 1000, List.of());
  }

  private static TimelineSnapshot snapshot(boolean ended, SegmentEntry... segments) {
    return new TimelineSnapshot("ep", 2, List.of(segments), 0, ended, T0, 1);
  }

  /** Four 0.5 s parts (45000 ticks of 90 kHz) of segment {@code seq}, the first independent. */
  private static List<HlsPart> parts(long seq, int count) {
    List<HlsPart> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new HlsPart(seq, i, "v/ep-" + seq + "." + i + ".m4s", 45_000, 90_000, i == 0));
    }
    return out;
  }

  private static String write(TimelineSnapshot s, LowLatencyPlaylist ll) {
    return MediaPlaylistWriter.write(s, CMAF, e -> "v/ep-" + e.sequenceNumber() + ".m4s",
        e -> "v/ep-init-0.mp4", ll);
  }

  @Test
  void listsPartsOfRecentSegmentsAndOfTheOpenOneWithAPreloadHint() {
    List<HlsPart> parts = new ArrayList<>(parts(1, 4));
    parts.addAll(parts(2, 2));
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, parts,
        new OpenSegment(2, false, T0.plusSeconds(4), "v/ep-init-0.mp4"), "v/ep-2.2.m4s",
        List.of(new RenditionReport("a.m3u8", 2, 1)), null, 0);

    String playlist = write(snapshot(false, segment(0, false), segment(1, false)), ll);

    assertThat(playlist).isEqualTo(""
        + "#EXTM3U\n"
        + "#EXT-X-VERSION:9\n"
        + "#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:0\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5\n"
        + "#EXT-X-PART-INF:PART-TARGET=0.5\n"
        + "#EXT-X-MAP:URI=\"v/ep-init-0.mp4\"\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:05.120Z\n"
        + "#EXTINF:2.00000,\n"
        + "v/ep-0.m4s\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:07.120Z\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-1.0.m4s\",INDEPENDENT=YES\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-1.1.m4s\"\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-1.2.m4s\"\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-1.3.m4s\"\n"
        + "#EXTINF:2.00000,\n"
        + "v/ep-1.m4s\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:09.120Z\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-2.0.m4s\",INDEPENDENT=YES\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-2.1.m4s\"\n"
        + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/ep-2.2.m4s\"\n"
        + "#EXT-X-RENDITION-REPORT:URI=\"a.m3u8\",LAST-MSN=2,LAST-PART=1\n");
  }

  @Test
  void theOpenSegmentAfterABreakCarriesItsDiscontinuityAndNewMapBeforeItsParts() {
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, parts(1, 1),
        new OpenSegment(1, true, T0.plusSeconds(30), "v/ep-init-1.mp4"), "v/ep-1.1.m4s",
        List.of(), null, 0);

    String playlist = write(snapshot(false, segment(0, false)), ll);

    assertThat(playlist).contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n").endsWith(""
        + "v/ep-0.m4s\n"
        + "#EXT-X-DISCONTINUITY\n"
        + "#EXT-X-MAP:URI=\"v/ep-init-1.mp4\"\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:35.120Z\n"
        + "#EXT-X-PART:DURATION=0.50000,URI=\"v/ep-1.0.m4s\",INDEPENDENT=YES\n"
        + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/ep-1.1.m4s\"\n");
  }

  @Test
  void anEndedPlaylistHasNoPreloadHintNorOpenSegment() {
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, parts(1, 4),
        new OpenSegment(2, false, T0.plusSeconds(4), "v/ep-init-0.mp4"), "v/ep-2.0.m4s",
        List.of(), null, 0);

    String playlist = write(snapshot(true, segment(0, false), segment(1, false)), ll);

    assertThat(playlist).doesNotContain("PRELOAD-HINT").doesNotContain("ep-2.")
        .endsWith("v/ep-1.m4s\n#EXT-X-ENDLIST\n");
  }

  @Test
  void aDeltaUpdateSkipsTheSegmentsBeforeTheSkipBoundaryAndRepeatsTheMap() {
    SegmentEntry[] window = new SegmentEntry[10];
    for (int i = 0; i < window.length; i++) {
      window[i] = segment(i, i == 2);
    }
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, List.of(), null, null, List.of(),
        Duration.ofSeconds(12), 3);

    String playlist = write(snapshot(false, window), ll);

    assertThat(playlist)
        .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.0,"
            + "PART-HOLD-BACK=1.5\n")
        .contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n")
        .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXT-X-MAP:URI=\"v/ep-init-0.mp4\"\n")
        .doesNotContain("v/ep-0.m4s").doesNotContain("v/ep-2.m4s").contains("v/ep-3.m4s");
    assertThat(playlist.lines().filter(l -> l.startsWith("#EXTINF"))).hasSize(7);
  }

  @Test
  void refusesAPartLongerThanThePartTargetAndAShortSkipBoundary() {
    List<HlsPart> tooLong = List.of(new HlsPart(1, 0, "v/ep-1.0.m4s", 45_090, 90_000, true));
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, tooLong, null, null, List.of(),
        null, 0);
    assertThatThrownBy(() -> write(snapshot(false, segment(0, false), segment(1, false)), ll))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PART-TARGET");

    LowLatencyPlaylist shortSkip = new LowLatencyPlaylist(500_000, List.of(), null, null,
        List.of(), Duration.ofSeconds(6), 0);
    assertThatThrownBy(() -> write(snapshot(false, segment(0, false)), shortSkip))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("six target durations");
  }
}
