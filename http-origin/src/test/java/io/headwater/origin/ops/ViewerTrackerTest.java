package io.headwater.origin.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Viewers and bytes per stream, with the once-a-second refresh of a connection's client. */
class ViewerTrackerTest {
  private final AtomicLong nowMs = new AtomicLong(1_000_000);
  private final ViewerTracker tracker = new ViewerTracker(nowMs::get);

  @Test
  void aClientThatKeepsRequestingStaysAViewerAndEveryByteCounts() {
    ViewerTracker.Client c = tracker.client("live/cam", "10.0.0.1 hls.js");
    for (int i = 0; i < 100; i++) { // a request every 500 ms for 50 s
      tracker.record(c, 1000);
      assertThat(tracker.viewers("live/cam")).as("after %d ms", i * 500).isEqualTo(1);
      nowMs.addAndGet(500);
    }
    assertThat(tracker.bytesServed("live/cam")).isEqualTo(100_000);
  }

  @Test
  void aClientLeavesTwentyNineToThirtySecondsAfterItsLastRequest() {
    ViewerTracker.Client c = tracker.client("live/cam", "10.0.0.1 hls.js");
    tracker.record(c, 10);
    nowMs.addAndGet(900);
    tracker.record(c, 10); // within the refresh interval: its time is not put again
    nowMs.addAndGet(29_000);
    assertThat(tracker.viewers("live/cam")).as("29.0 s after its last request").isEqualTo(1);
    nowMs.addAndGet(200);
    assertThat(tracker.viewers("live/cam")).as("29.2 s after its last request, 30.1 s after "
        + "the one that was put").isZero();
    assertThat(tracker.bytesServed("live/cam")).isEqualTo(20);
  }

  @Test
  void clientsAreCountedPerStreamByIdentity() {
    tracker.record(tracker.client("live/cam", "10.0.0.1 hls.js"), 1);
    tracker.record(tracker.client("live/cam", "10.0.0.1 hls.js"), 1); // another connection
    tracker.record(tracker.client("live/cam", "10.0.0.2 hls.js"), 1);
    tracker.record("live/other", "10.0.0.1 hls.js", 5);
    assertThat(tracker.viewers("live/cam")).isEqualTo(2);
    assertThat(tracker.viewers("live/other")).isEqualTo(1);
    assertThat(tracker.bytesServed("live/cam")).isEqualTo(3);
    assertThat(tracker.bytesServed("live/other")).isEqualTo(5);
  }
}
