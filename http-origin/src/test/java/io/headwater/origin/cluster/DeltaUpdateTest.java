package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.manifest.hls.LowLatencyPlaylist;
import io.headwater.manifest.hls.LowLatencyPlaylist.HlsPart;
import io.headwater.manifest.hls.MediaPlaylistOptions;
import io.headwater.manifest.hls.MediaPlaylistWriter;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delta update an origin node makes from a stored full playlist is the one the ingest
 * node's playlist writer makes from the same window (draft-pantos-hls-rfc8216bis 6.2.5.1).
 */
class DeltaUpdateTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:04:05.120Z");
  private static final Duration SKIP_UNTIL = Duration.ofSeconds(12);

  private static List<SegmentEntry> window(int count, long discontinuityAt) {
    List<SegmentEntry> out = new ArrayList<>();
    for (long seq = 0; seq < count; seq++) {
      out.add(new SegmentEntry(seq, seq * 180_000, 180_000, T0.plusSeconds(2 * seq),
          seq == discontinuityAt, true, 1000, List.of()));
    }
    return out;
  }

  /** What the ingest node writes, whole ({@code skipped} 0) or as a delta update. */
  private static String write(List<SegmentEntry> segments, int skipped, long newInitFrom) {
    TimelineSnapshot s = new TimelineSnapshot("ep", 2, segments, 0, false, T0, 1);
    long last = segments.get(segments.size() - 1).sequenceNumber();
    List<HlsPart> parts = new ArrayList<>();
    for (long seq = last - 1; seq <= last + 1; seq++) {
      for (int i = 0; i < (seq <= last ? 4 : 2); i++) {
        parts.add(new HlsPart(seq, i, "v/ep-" + seq + "." + i + ".m4s", 45_000, 90_000, i == 0));
      }
    }
    String init = "v/ep-init-" + newInitFrom + ".mp4";
    LowLatencyPlaylist ll = new LowLatencyPlaylist(500_000, parts,
        new LowLatencyPlaylist.OpenSegment(last + 1, false, T0.plusSeconds(2 * (last + 1)), init),
        "v/ep-" + (last + 1) + ".2.m4s",
        List.of(new LowLatencyPlaylist.RenditionReport("a.m3u8", last + 1, 1)), SKIP_UNTIL,
        skipped);
    return MediaPlaylistWriter.write(s, new MediaPlaylistOptions(9, null, true),
        e -> "v/ep-" + e.sequenceNumber() + ".m4s",
        e -> e.sequenceNumber() >= newInitFrom ? init : "v/ep-init-0.mp4", ll);
  }

  /** The ingest node's rule (Manifests): segments ending more than 12 s before the end. */
  private static int skippedByIngest(List<SegmentEntry> segments) {
    SegmentEntry last = segments.get(segments.size() - 1);
    long end90k = last.start90k() + last.duration90k();
    int skipped = 0;
    for (SegmentEntry e : segments) {
      if (end90k - (e.start90k() + e.duration90k()) <= SKIP_UNTIL.toSeconds() * 90_000) {
        break;
      }
      skipped++;
    }
    return skipped;
  }

  @Test
  void skipsWhatTheIngestNodeSkipsAndRepeatsTheMapInForce() {
    // Ten segments of 2 s: those ending more than 12 s before the end are the first three.
    List<SegmentEntry> segments = window(10, 2);
    assertThat(skippedByIngest(segments)).isEqualTo(3);
    String full = write(segments, 0, 2);
    String delta = DeltaUpdate.of(full);
    assertThat(delta).isEqualTo(write(segments, 3, 2))
        .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXT-X-MAP:URI=\"v/ep-init-2.mp4\"\n")
        .contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/ep-10.2.m4s\"\n");
    assertThat(delta.lines().filter(l -> l.startsWith("#EXTINF"))).hasSize(7);
    assertThat(StoredPlaylist.parse(delta.getBytes(StandardCharsets.UTF_8)).lastComplete())
        .as("sequence numbers counted across the skip")
        .isEqualTo(StoredPlaylist.parse(full.getBytes(StandardCharsets.UTF_8)).lastComplete());
  }

  @Test
  void aSkipAcrossADiscontinuityKeepsTheLaterSegmentsAsWritten() {
    List<SegmentEntry> segments = window(12, 7);
    assertThat(DeltaUpdate.of(write(segments, 0, 7)))
        .isEqualTo(write(segments, skippedByIngest(segments), 7))
        .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=5\n#EXT-X-MAP:URI=\"v/ep-init-0.mp4\"\n")
        .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"v/ep-init-7.mp4\"\n");
  }

  @Test
  void playlistsWithoutDeltaUpdatesOrOldSegmentsStayWhole() {
    String plain = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nv/e1-3.m4s\n";
    assertThat(DeltaUpdate.of(plain)).isSameAs(plain);
    String young = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.0\n"
        + "#EXTINF:2.0,\nv/e1-3.m4s\n#EXTINF:2.0,\nv/e1-4.m4s\n";
    assertThat(DeltaUpdate.of(young)).as("nothing ends 12 s before the end").isSameAs(young);
  }
}
