package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.packager.timeline.TrackSegment;
import io.headwater.storage.Durability;
import io.headwater.storage.InMemorySegmentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention against the files: old and oversized recordings go, the one being written stays. */
class RecordingsRetentionTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dataDir;

  private void writeRecording(String stream, String epoch, Duration age, int mediaBytes)
      throws Exception {
    Path dir = dataDir.resolve("recordings/live").resolve(stream).resolve(epoch);
    Files.createDirectories(dir.resolve("v"));
    Files.write(dir.resolve("v/" + epoch + "-0.m4s"), new byte[mediaBytes]);
    RecordingManifest m = new RecordingManifest(1, "live", stream, epoch,
        NOW.minus(age).toEpochMilli(), NOW.toEpochMilli(), true, 2, List.of(),
        List.of(new RecordingManifest.Segment(0, 0, 180_000, NOW.minus(age).toEpochMilli(),
            false, true, List.of(new TrackSegment(1, 0, 180_000, 90_000, mediaBytes)))));
    Files.write(dir.resolve("manifest.json"), new ObjectMapper().writeValueAsBytes(m));
  }

  @Test
  void retentionDeletesByAgeAndSizeButNeverTheRecordingBeingWritten() throws Exception {
    writeRecording("a", "e1", Duration.ofDays(40), 1000);
    writeRecording("b", "e2", Duration.ofDays(3), 5000);
    writeRecording("c", "e3", Duration.ofDays(2), 5000);
    writeRecording("d", "e4", Duration.ofDays(1), 5000);
    Recordings recordings = Recordings.start(RecordingSettings.OFF.withDataDir(dataDir)
        .withPolicy(RecordPolicy.ALL).withRetention(Duration.ofDays(30), 13_000)
        .withDurability(Durability.NONE), clock);
    try {
      LiveStream live = new LiveStream("live", "e", "e9", StreamSettings.DEFAULTS,
          new InMemorySegmentStore(clock), clock, s -> StreamObserver.NONE);
      StreamObserver recorder = recordings.create(live);
      assertThat(recorder).isNotSameAs(StreamObserver.NONE);
      // As if written by the recorder: older than maxAge, but being written.
      writeRecording("e", "e9", Duration.ofDays(50), 1000);

      // Also runs at start, possibly before e existed: the outcome is the same either way.
      recordings.applyRetention();

      List<String> kept = recordings.catalog().list().stream()
          .map(r -> r.id().stream()).toList();
      // a is too old; then b, the oldest, goes until the total (media and manifests) fits in
      // 13 000 bytes.
      assertThat(kept).containsExactly("e", "c", "d");
      assertThat(dataDir.resolve("recordings/live/a")).doesNotExist();
      assertThat(recordings.metrics().deletedByRetentionCount()).isEqualTo(2);
      recorder.onEnd(null);
    } finally {
      recordings.close();
    }
  }
}
