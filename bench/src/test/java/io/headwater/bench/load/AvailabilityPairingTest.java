package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityPairingTest {
  private static final long MS = 1_000_000;

  /** 30 fps from FLV timestamp 21 ms, keyframe every 30 frames; frame i arrives at i * 40 ms. */
  private static List<VideoArrival> frames(int count) {
    List<VideoArrival> arrivals = new ArrayList<>();
    arrivals.add(new VideoArrival(21, 0, true, true, 40, 0)); // sequence header
    for (int i = 0; i < count; i++) {
      long ts = 21 + Math.round(i * 1000 / 30.0);
      arrivals.add(new VideoArrival(ts, 0, i % 30 == 0, false, 1000, i * 40 * MS));
    }
    return arrivals;
  }

  private static Listing segment(long sequence, double end, long listedMs) {
    return new Listing("segment", sequence, -1, end, listedMs * MS, 0, (listedMs + 1) * MS, 200);
  }

  @Test
  void segmentIsCompletedByTheKeyframeThatStartsTheNext() {
    // Segment 0 ends at 2.000 s of media = FLV 2021 ms: frame 60, which arrived at 2400 ms.
    List<AvailabilityPairing.Pair> pairs =
        AvailabilityPairing.pair(frames(90), List.of(segment(0, 2.0, 2403)));

    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).completedBy().flvTimestampMs()).isEqualTo(2021);
    assertThat(pairs.get(0).listedMs()).isCloseTo(3.0, within(1e-9));
    assertThat(pairs.get(0).fetchedMs()).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void segmentAlsoNotesTheFirstAudioFrameAfterItsEnd() {
    List<AudioArrival> audio = List.of(new AudioArrival(0, true, 0),
        new AudioArrival(1999, false, 2390 * MS), new AudioArrival(2021, false, 2410 * MS),
        new AudioArrival(2043, false, 2420 * MS));

    AvailabilityPairing.Pair pair =
        AvailabilityPairing.pair(frames(90), audio, List.of(segment(0, 2.0, 2413))).get(0);

    assertThat(pair.audioAfter().flvTimestampMs()).isEqualTo(2021);
    assertThat(pair.listedMs()).isCloseTo(13.0, within(1e-9));
    assertThat(pair.listedAfterAudioMs()).isCloseTo(3.0, within(1e-9));
  }

  @Test
  void partIsCompletedByTheFirstFrameAfterIt() {
    // A part of 10 frames from the start ends at 0.33333 s: frame 10 (FLV 354 ms) completes it.
    Listing part = new Listing("part", 0, 0, 0.33333, 402 * MS, 0, 403 * MS, 200);

    AvailabilityPairing.Pair pair = AvailabilityPairing.pair(frames(90), List.of(part)).get(0);

    assertThat(pair.completedBy().flvTimestampMs()).isEqualTo(354);
    assertThat(pair.completedBy().keyframe()).isFalse();
    assertThat(pair.listedMs()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void segmentClosedWithoutAFollowingKeyframeIsUnmatched() {
    // The publisher left after frame 89 (FLV 2988 ms): the segment ending at 3.0 s was closed
    // by the end of the stream, not by a frame.
    List<AvailabilityPairing.Pair> pairs =
        AvailabilityPairing.pair(frames(90), List.of(segment(1, 3.0, 4000)));

    assertThat(pairs.get(0).completedBy()).isNull();
  }

  @Test
  void summarySkipsTheWarmUpAndCountsUnmatched() {
    List<Listing> listings = List.of(segment(0, 1.0, 1205), segment(1, 2.0, 2402),
        segment(2, 3.0, 4000));

    AvailabilityPairing.Summary s = AvailabilityPairing.summarise("x", "segment",
        AvailabilityPairing.pair(frames(90), listings), 1.5);

    assertThat(s.count()).isEqualTo(1);
    assertThat(s.unmatched()).isEqualTo(1);
    assertThat(s.listedP50()).isCloseTo(2.0, within(1e-9));
    assertThat(s.resultLine()).contains("label=x kind=segment count=1 unmatched=1");
  }
}
