package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.headwater.origin.CapturedLog;
import io.headwater.storage.s3.ObjectStoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write-behind queue: bounded, never blocking the caller, in order per stream. */
class UploaderTest {
  private final UploadMetrics metrics = new UploadMetrics();

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    try (CapturedLog logged = CapturedLog.of(Uploader.class);
        Uploader uploader = new Uploader(1_000, 3, 1, metrics)) {
      Uploader.Lane lane = uploader.lane("app=live stream=cam1");
      CountDownLatch storeAnswers = new CountDownLatch(1);
      List<String> done = new CopyOnWriteArrayList<>();
      assertThat(lane.submit("v/1.m4s", 100, () -> {
        storeAnswers.await(10, TimeUnit.SECONDS); // a slow store
        done.add("v/1.m4s");
        return 100;
      })).isTrue();
      assertThat(lane.submit("a/1.m4s", 100, () -> {
        done.add("a/1.m4s");
        return 100;
      })).isTrue();
      assertThat(lane.submit("v.m3u8", 100, () -> {
        done.add("v.m3u8");
        return 100;
      })).isTrue();
      // three objects wait: the fourth is dropped at once, as is one over the byte budget
      assertThat(lane.submit("v/2.m4s", 100, () -> 100)).isFalse();
      assertThat(uploader.lane("app=live stream=cam2").submit("v/9.m4s", 5_000, () -> 0))
          .isFalse();
      assertThat(metrics.dropped()).isEqualTo(2);
      assertThat(logged.events()).as("one WARN line for the overflow, not one per object")
          .singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("upload queue full")
                .contains("app=live stream=cam1").contains("v/2.m4s");
          });

      storeAnswers.countDown();
      assertThat(uploader.drain(10_000)).isTrue();
      assertThat(done).as("a stream's uploads in order").containsExactly("v/1.m4s", "a/1.m4s",
          "v.m3u8");
      assertThat(metrics.uploaded()).isEqualTo(3);
      // room again once the store caught up
      assertThat(lane.submit("v/3.m4s", 100, () -> 100)).isTrue();
      assertThat(uploader.drain(10_000)).isTrue();
      assertThat(metrics.uploaded()).isEqualTo(4);
    }
  }

  @Test
  void aFailedUploadIsCountedAndTheLaneGoesOn() throws Exception {
    try (Uploader uploader = new Uploader(1_000, 10, 2, metrics)) {
      Uploader.Lane lane = uploader.lane("app=live stream=cam1");
      lane.submit("v/1.m4s", 10, () -> {
        throw new ObjectStoreException("PUT media/live/cam1/v/1.m4s failed: 503", null);
      });
      lane.submit("v/2.m4s", 10, () -> 10);
      assertThat(uploader.drain(10_000)).isTrue();
      assertThat(metrics.failed()).isEqualTo(1);
      assertThat(metrics.uploaded()).isEqualTo(1);
    }
  }
}
