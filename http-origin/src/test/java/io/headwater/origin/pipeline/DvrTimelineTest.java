package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a time-shifted stream's playlists list: the window by duration (never less than the live
 * window), only segments memory or disk can serve, a front that never moves back, and the
 * discontinuities that left counted in EXT-X-DISCONTINUITY-SEQUENCE.
 */
class DvrTimelineTest {
  private static final long SEGMENT_90K = 2 * 90_000L;
  private static final int LIVE = 3;

  private final List<SegmentEntry> all = new ArrayList<>();

  private SegmentEntry segment(long seq, boolean discontinuity) {
    SegmentEntry e = new SegmentEntry(seq, seq * SEGMENT_90K, SEGMENT_90K,
        Instant.ofEpochSecond(1_700_000_000L + 2 * seq), discontinuity, true, 100, List.of());
    all.add(e);
    return e;
  }

  /** The live timeline's snapshot after {@code all}: its last {@link #LIVE} segments. */
  private TimelineSnapshot live() {
    return new TimelineSnapshot("ep", 2, all.subList(Math.max(0, all.size() - LIVE), all.size()),
        0, false, Instant.EPOCH, all.size());
  }

  /** Appends segments up to {@code last}; memory holds twice the live window, disk everything. */
  private TimeShift publish(DvrTimeline dvr, long last, long storedThrough) {
    TimeShift t = null;
    for (long seq = all.size(); seq <= last; seq++) {
      dvr.append(segment(seq, seq == 7));
      t = dvr.listing(live(), Math.max(0, seq + 1 - 2 * LIVE), storedThrough);
    }
    return t;
  }

  @Test
  void theWindowSlidesByDurationAndTheMpdDepthIsTheWindow() {
    DvrTimeline dvr = new DvrTimeline(Duration.ofSeconds(10), LIVE);
    TimeShift t = publish(dvr, 19, 19);
    // Segments ending within 10 s of the end (40 s): 15..19.
    assertThat(t.listed().mediaSequence()).isEqualTo(15);
    assertThat(t.listed().segments()).hasSize(5);
    assertThat(t.depth()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.event()).isFalse();
    // Segment 7 started a discontinuity and has left: counted once.
    assertThat(t.listed().discontinuitySequence()).isEqualTo(1);
  }

  @Test
  void aWindowShorterThanTheLiveWindowStillListsTheLiveWindow() {
    DvrTimeline dvr = new DvrTimeline(Duration.ofSeconds(2), LIVE);
    TimeShift t = publish(dvr, 9, 9);
    assertThat(t.listed().segments()).hasSize(LIVE);
    assertThat(t.depth()).isEqualTo(Duration.ofSeconds(2L * LIVE));
  }

  @Test
  void whatNeitherMemoryNorDiskHoldsIsNotListedAndTheFrontNeverMovesBack() {
    DvrTimeline dvr = new DvrTimeline(Duration.ofHours(2), LIVE);
    assertThat(publish(dvr, 9, 9).listed().mediaSequence()).isZero();
    // The recording stopped after segment 9: once memory released 10, the list starts where
    // memory does.
    TimeShift t = publish(dvr, 20, 9);
    assertThat(t.listed().mediaSequence()).isEqualTo(20 + 1 - 2 * LIVE);
    // Even if the disk had the older ones again, a playlist never lists them once dropped.
    dvr.append(segment(21, false));
    t = dvr.listing(live(), 21 + 1 - 2 * LIVE, 21);
    assertThat(t.listed().mediaSequence()).isEqualTo(20 + 1 - 2 * LIVE);
    assertThat(t.listed().discontinuitySequence()).isEqualTo(1);
  }

  @Test
  void aWholeEventListsEverySegmentAndItsSpanIsTheDepth() {
    DvrTimeline dvr = new DvrTimeline(Duration.ZERO, LIVE);
    TimeShift t = publish(dvr, 29, 29);
    assertThat(t.event()).isTrue();
    assertThat(t.listed().mediaSequence()).isZero();
    assertThat(t.listed().segments()).hasSize(30);
    assertThat(t.depth()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.periodStarts().starts()).extracting(s -> s.sequenceNumber())
        .containsExactly(0L, 7L);
  }
}
