package io.headwater.origin.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.headwater.origin.CapturedLog;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentKey;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's view of a spent off-heap budget: one WARN when it runs out and one INFO when it
 * has room again, not a pair per segment while a store churns at its edge (300 streams logged
 * 6,180 such lines in 20 s).
 */
class SegmentStoreBudgetLogTest {
  private static final int OBJECT = 100;

  @Test
  void churningAtTheBudgetLogsOneWarningAndOneRecovery() {
    InMemorySegmentStore store = new InMemorySegmentStore(Clock.systemUTC(), 10 * OBJECT);
    try (CapturedLog log = CapturedLog.of(InMemorySegmentStore.class)) {
      ArrayDeque<SegmentKey> direct = new ArrayDeque<>();
      int next = 0;
      for (int i = 0; i < 10; i++) {
        next = put(store, next, direct); // exactly the budget
      }
      // A rolling window at the edge: each round frees one direct object, then stores one that
      // fits and one that does not.
      int onHeap = 0;
      for (int round = 0; round < 25; round++) {
        store.remove(direct.poll());
        next = put(store, next, direct);
        int before = direct.size();
        next = put(store, next, direct);
        onHeap += direct.size() == before ? 1 : 0;
      }
      assertThat(onHeap).isEqualTo(25);
      while (direct.size() > 2) {
        store.remove(direct.poll()); // well below the budget now
      }
      put(store, next, direct);
      assertThat(direct).hasSize(3);

      List<ILoggingEvent> budget = log.events().stream()
          .filter(e -> e.getFormattedMessage().contains("off-heap budget")
              || e.getFormattedMessage().contains("off the heap again"))
          .toList();
      assertThat(budget).extracting(ILoggingEvent::getLevel)
          .containsExactly(Level.WARN, Level.INFO);
    }
  }

  /** Stores the next object; remembers it if it went off the heap. Returns the next number. */
  private static int put(InMemorySegmentStore store, int n, ArrayDeque<SegmentKey> direct) {
    SegmentKey key = new SegmentKey("live/s", "seg" + n + ".ts");
    store.put(key, new byte[OBJECT]);
    if (store.get(key).orElseThrow().isDirect()) {
      direct.add(key);
    }
    return n + 1;
  }
}
