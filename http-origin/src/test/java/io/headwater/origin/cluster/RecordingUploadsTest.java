package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.headwater.origin.CapturedLog;
import io.headwater.origin.recording.RecordingId;
import io.headwater.origin.recording.RecordingSink;
import io.headwater.storage.s3.S3ObjectStore;
import io.headwater.storage.s3.S3ObjectStore.Listed;
import java.nio.charset.StandardCharsets;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recordings copied to the store: each file under {@code recordings/APP/STREAM/EPOCH/}, and once
 * a file of a recording does not fit the upload queue, nothing more of that recording, so that
 * the stored manifest.json never lists a segment the store lacks.
 */
class RecordingUploadsTest {
  @RegisterExtension
  final S3ProxyExtension s3 = ClusterStore.s3proxy("recording");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int length) {
    return new byte[length];
  }

  @Test
  void aRecordingStopsBeingCopiedAtItsFirstDroppedFile() throws Exception {
    try (CapturedLog logged = CapturedLog.of(RecordingUploads.class);
        ClusterStore bucket = ClusterStore.open(s3, "media", "prod/");
        Uploader uploader = new Uploader(1_000, 100, 1, new UploadMetrics())) {
      S3ObjectStore store = bucket.store();
      RecordingUploads uploads = new RecordingUploads(store, uploader);
      RecordingSink first = uploads.open(new RecordingId("live", "cam", "e1"));
      RecordingSink second = uploads.open(new RecordingId("live", "cam", "e2"));

      first.stored("v/e1-init-0.mp4", bytes(10));
      first.stored("v/e1-1.m4s", bytes(100));
      first.stored("manifest.json", bytes("{\"segments\":[1]}"));
      assertThat(uploader.drain(10_000)).isTrue();
      first.stored("v/e1-2.m4s", bytes(2_000)); // more than the whole queue: dropped
      first.stored("manifest.json", bytes("{\"segments\":[1,2]}"));
      first.stored("v/e1-3.m4s", bytes(100));
      second.stored("v/e2-1.m4s", bytes(100));
      second.stored("manifest.json", bytes("{\"segments\":[1]}"));
      assertThat(uploader.drain(10_000)).isTrue();

      assertThat(store.list(ObjectKeys.RECORDINGS)).extracting(Listed::key).containsExactly(
          "recordings/live/cam/e1/manifest.json", "recordings/live/cam/e1/v/e1-1.m4s",
          "recordings/live/cam/e1/v/e1-init-0.mp4", "recordings/live/cam/e2/manifest.json",
          "recordings/live/cam/e2/v/e2-1.m4s");
      assertThat(new String(store.get("recordings/live/cam/e1/manifest.json").orElseThrow()
          .bytes(), StandardCharsets.UTF_8)).as("the last manifest whose segments are stored")
          .isEqualTo("{\"segments\":[1]}");
      assertThat(store.head("recordings/live/cam/e1/v/e1-1.m4s").orElseThrow().cacheControl())
          .isEqualTo("public, max-age=31536000, immutable");
      assertThat(logged.events()).filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
          .contains("app=live stream=cam epoch=e1").contains("v/e1-2.m4s");
    }
  }
}
