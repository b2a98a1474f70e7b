package io.headwater.manifest.hls;

import static io.headwater.manifest.hls.HlsPlaylistAssertions.assertValidMediaPlaylist;
import static io.headwater.manifest.hls.HlsPlaylistAssertions.assertValidUpdate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.manifest.hls.HlsPlaylistAssertions.ParsedMediaPlaylist;
import io.headwater.packager.timeline.LiveTimeline;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaPlaylistWriterTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:04:05.120Z");
  private static final SegmentUriFunction TS_URIS =
      e -> SegmentNames.ts("k3x9a", e.sequenceNumber()).substring("ts/".length());

  @Test
  void writesTheWholePlaylistForAFixedSnapshot() {
    TimelineSnapshot snapshot = snapshot(2, 0, false,
        segment(7, 180_000, T0, false, true),
        segment(8, 171_171, T0.plusMillis(2000), false, true),
        // a publisher reconnect: new timestamps, dated by the wall clock at the new start
        segment(9, 180_000, T0.plusMillis(9_500), true, true));

    String playlist = MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(), TS_URIS);

    assertThat(playlist).isEqualTo(""
        + "#EXTM3U\n"
        + "#EXT-X-VERSION:3\n"
        + "#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:7\n"
        + "#EXT-X-DISCONTINUITY-SEQUENCE:0\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:05.120Z\n"
        + "#EXTINF:2.00000,\n"
        + "k3x9a-7.ts\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:07.120Z\n"
        + "#EXTINF:1.90190,\n"
        + "k3x9a-8.ts\n"
        + "#EXT-X-DISCONTINUITY\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:14.620Z\n"
        + "#EXTINF:2.00000,\n"
        + "k3x9a-9.ts\n");
    assertValidMediaPlaylist(playlist);
    assertThat(MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(), TS_URIS))
        .as("stable for a fixed snapshot")
        .isEqualTo(playlist);
  }

  @Test
  void omitsTheDiscontinuitySequenceWhenZeroAndNoDiscontinuityIsListed() {
    String playlist = MediaPlaylistWriter.write(
        snapshot(2, 0, false, segment(3, 180_000, T0, false, true)),
        new MediaPlaylistOptions(3, null, false), TS_URIS);

    assertThat(playlist).doesNotContain("DISCONTINUITY").doesNotContain("INDEPENDENT-SEGMENTS");
    assertThat(assertValidMediaPlaylist(playlist).mediaSequence()).isEqualTo(3);
  }

  @Test
  void windowThatScrolledADiscontinuityOutCarriesDiscontinuitySequenceOne() {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    LiveTimeline timeline = new LiveTimeline("k3x9a", 3, clock);
    timeline.setTargetDuration(2);
    List<String> playlists = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      timeline.append(segment(i, 180_000, T0.plusSeconds(2L * i), i == 1, true));
      playlists.add(MediaPlaylistWriter.write(timeline.snapshot(), MediaPlaylistOptions.mpegTs(),
          TS_URIS));
    }

    String last = playlists.get(5);
    assertThat(last)
        .contains("#EXT-X-MEDIA-SEQUENCE:3\n")
        .contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
        .doesNotContain("#EXT-X-DISCONTINUITY\n")
        .startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n");
    ParsedMediaPlaylist parsed = assertValidMediaPlaylist(last);
    assertThat(parsed.segments()).extracting(s -> s.uri())
        .containsExactly("k3x9a-3.ts", "k3x9a-4.ts", "k3x9a-5.ts");
    assertThat(parsed.segments()).allSatisfy(s -> assertThat(s.discontinuitySequenceNumber())
        .as("segments after the break keep discontinuity sequence number 1").isEqualTo(1));
    // while segment 1 was listed, the tag was there with 0; after it left, 1
    assertThat(playlists.get(3)).contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n")
        .contains("#EXT-X-DISCONTINUITY\n");
    for (int i = 1; i < playlists.size(); i++) {
      assertValidUpdate(playlists.get(i - 1), playlists.get(i));
    }
  }

  @Test
  void endedStreamEndsWithEndlistAndHasNoPlaylistType() {
    String playlist = MediaPlaylistWriter.write(
        snapshot(2, 0, true, segment(0, 180_000, T0, false, true),
            segment(1, 90_000, T0.plusSeconds(2), false, true)),
        MediaPlaylistOptions.mpegTs(), TS_URIS);

    assertThat(playlist).endsWith("#EXTINF:1.00000,\nk3x9a-1.ts\n#EXT-X-ENDLIST\n")
        .doesNotContain("PLAYLIST-TYPE");
    assertThat(assertValidMediaPlaylist(playlist).ended()).isTrue();

    String live = MediaPlaylistWriter.write(
        snapshot(2, 0, false, segment(0, 180_000, T0, false, true)),
        MediaPlaylistOptions.mpegTs(), TS_URIS);
    assertThat(live).doesNotContain("ENDLIST").doesNotContain("PLAYLIST-TYPE");
  }

  @Test
  void emptyWindowIsRefusedBecauseTheOriginAnswers404UntilTheFirstSegment() {
    TimelineSnapshot empty = snapshot(2, 0, false);

    assertThatThrownBy(() -> MediaPlaylistWriter.write(empty, MediaPlaylistOptions.mpegTs(),
        TS_URIS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no segment");
    TimelineSnapshot endedEmpty = snapshot(2, 0, true);
    assertThatThrownBy(() -> MediaPlaylistWriter.write(endedEmpty, MediaPlaylistOptions.mpegTs(),
        TS_URIS)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} ticks -> {1}")
  @CsvSource({
      "180000, 2.00000",
      "171171, 1.90190", // 57 frames at 30000/1001 fps: 1.901900 s
      "3003, 0.03337", // one 29.97 fps frame: 0.0333666 s, rounded half-up
      "179999, 1.99999", // 1.9999888 s
      "1, 0.00001", // 0.0000111 s
      "45, 0.00050",
      "540000, 6.00000",
      "324000000, 3600.00000"})
  void formatsExtinfWithFiveDecimalsFromExactTicks(long duration90k, String expected) {
    String playlist = MediaPlaylistWriter.write(
        snapshot(3600, 0, false, segment(0, duration90k, T0, false, true)),
        MediaPlaylistOptions.mpegTs(), TS_URIS);

    assertThat(playlist).contains("\n#EXTINF:" + expected + ",\nk3x9a-0.ts\n");
  }

  @Test
  void segmentRoundingAboveTheTargetDurationThrows() {
    // 2.49999 s rounds to 2: allowed with TARGETDURATION 2 (RFC 8216 4.3.3.1)
    String ok = MediaPlaylistWriter.write(
        snapshot(2, 0, false, segment(0, 224_999, T0, false, true)),
        MediaPlaylistOptions.mpegTs(), TS_URIS);
    assertThat(ok).contains("#EXTINF:2.49999,").contains("#EXT-X-TARGETDURATION:2\n");

    // 2.5 s rounds to 3 > 2: a bug upstream; the target is never grown silently
    TimelineSnapshot tooLong = snapshot(2, 0, false, segment(0, 180_000, T0, false, true),
        segment(1, 225_000, T0.plusSeconds(2), false, true));
    assertThatThrownBy(() -> MediaPlaylistWriter.write(tooLong, MediaPlaylistOptions.mpegTs(),
        TS_URIS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k3x9a-1.ts")
        .hasMessageContaining("2.50000")
        .hasMessageContaining("TARGETDURATION 2");
  }

  @Test
  void unsetTargetDurationThrows() {
    TimelineSnapshot snapshot = snapshot(0, 0, false, segment(0, 180_000, T0, false, true));

    assertThatThrownBy(() -> MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(),
        TS_URIS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void independentSegmentsRequiresKeyframeStarts() {
    TimelineSnapshot snapshot = snapshot(2, 0, false, segment(0, 180_000, T0, false, false));

    assertThatThrownBy(() -> MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(),
        TS_URIS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("INDEPENDENT-SEGMENTS");
    assertThat(MediaPlaylistWriter.write(snapshot, new MediaPlaylistOptions(3, null, false),
        TS_URIS)).doesNotContain("INDEPENDENT");
  }

  @Test
  void cmafPlaylistCarriesVersion7AndTheMapBeforeTheFirstSegment() {
    String playlist = MediaPlaylistWriter.write(
        snapshot(2, 0, false, segment(4, 180_000, T0, false, true),
            segment(5, 180_000, T0.plusSeconds(2), false, true)),
        MediaPlaylistOptions.cmaf("v/k3x9a-init-0.mp4"),
        e -> SegmentNames.cmafSegment("k3x9a", 1, e.sequenceNumber()));

    assertThat(playlist).isEqualTo(""
        + "#EXTM3U\n"
        + "#EXT-X-VERSION:7\n"
        + "#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:4\n"
        + "#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-MAP:URI=\"v/k3x9a-init-0.mp4\"\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:05.120Z\n"
        + "#EXTINF:2.00000,\n"
        + "v/k3x9a-4.m4s\n"
        + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:07.120Z\n"
        + "#EXTINF:2.00000,\n"
        + "v/k3x9a-5.m4s\n");
    assertThat(assertValidMediaPlaylist(playlist).segments())
        .allSatisfy(s -> assertThat(s.mapUri()).isEqualTo("v/k3x9a-init-0.mp4"));
  }

  @Test
  void perSegmentMapIsRepeatedWhereTheInitSegmentChanges() {
    TimelineSnapshot snapshot = snapshot(2, 0, false, segment(4, 180_000, T0, false, true),
        segment(5, 180_000, T0.plusSeconds(2), false, true),
        segment(6, 180_000, T0.plusSeconds(9), true, true));

    String playlist = MediaPlaylistWriter.write(snapshot, new MediaPlaylistOptions(7, null, true),
        e -> "v/k3x9a-" + e.sequenceNumber() + ".m4s",
        e -> SegmentNames.cmafInit("k3x9a", 1, e.sequenceNumber() < 6 ? 0 : 6));

    assertThat(playlist).containsOnlyOnce("#EXT-X-MAP:URI=\"v/k3x9a-init-0.mp4\"\n")
        .containsOnlyOnce("#EXT-X-MAP:URI=\"v/k3x9a-init-6.mp4\"\n")
        .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"v/k3x9a-init-6.mp4\"\n"
            + "#EXT-X-PROGRAM-DATE-TIME:2026-11-22T03:04:14.120Z\n#EXTINF:2.00000,\n"
            + "v/k3x9a-6.m4s\n");
    assertThat(assertValidMediaPlaylist(playlist).segments()).extracting(s -> s.mapUri())
        .containsExactly("v/k3x9a-init-0.mp4", "v/k3x9a-init-0.mp4", "v/k3x9a-init-6.mp4");
    assertThatThrownBy(() -> MediaPlaylistWriter.write(snapshot,
        MediaPlaylistOptions.cmaf("v/init.mp4"), e -> "x.m4s", e -> "y.mp4"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(),
        e -> "x.m4s", e -> "y.mp4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VERSION");
  }

  @Test
  void rejectsOptionsAndUrisThatWouldBreakThePlaylistSyntax() {
    assertThatThrownBy(() -> new MediaPlaylistOptions(3, "init.mp4", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 6");
    assertThatThrownBy(() -> new MediaPlaylistOptions(2, null, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MediaPlaylistOptions(7, "in\"it.mp4", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("double quote");

    TimelineSnapshot snapshot = snapshot(2, 0, false, segment(0, 180_000, T0, false, true));
    for (String bad : new String[] {"", "#x.ts", "a b.ts", "a.ts\n#EXT-X-ENDLIST"}) {
      assertThatThrownBy(() -> MediaPlaylistWriter.write(snapshot, MediaPlaylistOptions.mpegTs(),
          e -> bad)).as("URI '%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static TimelineSnapshot snapshot(int targetDurationSeconds, long discontinuitySequence,
      boolean ended, SegmentEntry... segments) {
    return new TimelineSnapshot("k3x9a", targetDurationSeconds, List.of(segments),
        discontinuitySequence, ended, T0, 1);
  }

  private static SegmentEntry segment(long sequenceNumber, long duration90k, Instant pdt,
      boolean discontinuity, boolean independent) {
    return new SegmentEntry(sequenceNumber, sequenceNumber * 180_000, duration90k, pdt,
        discontinuity, independent, /* tsSizeBytes= */ 188 * 100, List.of());
  }
}
