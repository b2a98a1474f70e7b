package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static RecordingInfo recording(String epoch, Duration age, long size, boolean active) {
    RecordingManifest m = new RecordingManifest(1, "live", "cam", epoch,
        NOW.minus(age).toEpochMilli(), NOW.toEpochMilli(), !active, 2, List.of(), List.of());
    return new RecordingInfo(new RecordingId("live", "cam", epoch), m, size, active);
  }

  @Test
  void deletesRecordingsOlderThanMaxAge() {
    List<RecordingInfo> all = List.of(
        recording("old", Duration.ofDays(40), 10, false),
        recording("older-but-writing", Duration.ofDays(35), 10, true),
        recording("new", Duration.ofDays(2), 10, false));

    assertThat(new Retention(Duration.ofDays(30), 0).expired(all, NOW))
        .extracting(RecordingId::epoch).containsExactly("old");
  }

  @Test
  void deletesTheOldestUntilTheTotalFitsButNeverOneBeingWritten() {
    List<RecordingInfo> all = List.of(
        recording("a", Duration.ofHours(5), 400, true),
        recording("b", Duration.ofHours(4), 300, false),
        recording("c", Duration.ofHours(3), 200, false),
        recording("d", Duration.ofHours(2), 100, false));

    // 1000 bytes in all, 600 allowed: a is being written, so b (300) and c (200) go.
    assertThat(new Retention(Duration.ZERO, 600).expired(all, NOW))
        .extracting(RecordingId::epoch).containsExactly("b", "c");
    assertThat(new Retention(Duration.ZERO, 0).expired(all, NOW)).as("no limits").isEmpty();
    assertThat(new Retention(Duration.ZERO, 10).expired(all, NOW))
        .as("even over the limit, the recording being written stays")
        .extracting(RecordingId::epoch).containsExactly("b", "c", "d");
  }

  @Test
  void recordPolicyTakesTrueFalseOrAGlobPerApplication() {
    RecordPolicy policy = new RecordPolicy(
        java.util.Map.of("live", "true", "event", "show-*", "test", "false"), "false");

    assertThat(policy.records("live", "anything")).isTrue();
    assertThat(policy.records("event", "show-42")).isTrue();
    assertThat(policy.records("event", "rehearsal")).isFalse();
    assertThat(policy.records("event", "xshow-1")).isFalse();
    assertThat(policy.records("test", "show-1")).isFalse();
    assertThat(policy.records("other", "cam")).as("unlisted applications").isFalse();
    assertThat(RecordPolicy.ALL.records("x", "y")).isTrue();
  }
}
