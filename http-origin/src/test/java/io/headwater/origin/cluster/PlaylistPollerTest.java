package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poll loop behind held requests on an origin node: many waiters on one playlist share its
 * reads, and nothing is read once no one waits.
 */
class PlaylistPollerTest {
  private static final String KEY = "media/live/cam1/v.m3u8";
  private static final String PLAYLIST = """
      #EXTM3U
      #EXT-X-TARGETDURATION:2
      #EXT-X-PART-INF:PART-TARGET=0.5
      #EXT-X-MEDIA-SEQUENCE:4
      #EXTINF:2.0,
      v/e1-4.m4s
      #EXT-X-PART:DURATION=0.5,URI="v/e1-5.0.m4s",INDEPENDENT=YES
      """;
  private static final int WAITERS = 50;
  private static final long POLL_MILLIS = 100;

  @RegisterExtension
  final S3ProxyExtension s3 = ClusterStore.s3proxy("poll");

  private ClusterStore bucket;
  private PlaylistPoller poller;

  @BeforeEach
  void start() {
    bucket = ClusterStore.open(s3);
    poller = new PlaylistPoller(bucket.store(), 2);
  }

  @AfterEach
  void stop() {
    poller.close();
    bucket.close();
  }

  private void put(String playlist) {
    bucket.putMedia("live/cam1", "v.m3u8", playlist); // the object at KEY
  }

  @Test
  void waitersOfOnePlaylistShareItsReadsUntilTheyAreAnswered() throws Exception {
    put(PLAYLIST);
    CountDownLatch answered = new CountDownLatch(WAITERS);
    AtomicInteger offersBeforeThePart = new AtomicInteger();
    for (int i = 0; i < WAITERS; i++) {
      poller.watch(KEY, POLL_MILLIS, polled -> {
        if (!polled.playlist().lists("v/e1-5.1.m4s")) {
          offersBeforeThePart.incrementAndGet();
          return false;
        }
        answered.countDown();
        return true;
      });
    }
    assertThat(poller.watchedKeys()).isEqualTo(1);
    while (poller.reads() < 3) {
      Thread.sleep(20); // polling the poller's own counter
    }
    put(PLAYLIST + "#EXT-X-PART:DURATION=0.5,URI=\"v/e1-5.1.m4s\"\n");
    assertThat(answered.await(10, TimeUnit.SECONDS)).as("every waiter answered").isTrue();
    long reads = poller.reads();
    assertThat(offersBeforeThePart.get()).as("each read offered to every waiter")
        .isGreaterThanOrEqualTo(2 * WAITERS);
    assertThat(reads).as("one read per interval for all %d waiters, not one each", WAITERS)
        .isLessThan(WAITERS);

    while (poller.watchedKeys() > 0) {
      Thread.sleep(20);
    }
    Thread.sleep(3 * POLL_MILLIS); // what would be three more polls
    assertThat(poller.reads()).as("no reads once no one waits").isEqualTo(reads);
  }

  @Test
  void aCancelledWaiterStopsTheLoop() throws Exception {
    put(PLAYLIST);
    PlaylistPoller.Waiter never = polled -> false;
    poller.watch(KEY, POLL_MILLIS, never);
    while (poller.reads() < 1) {
      Thread.sleep(20);
    }
    poller.cancel(KEY, never);
    while (poller.watchedKeys() > 0) {
      Thread.sleep(20);
    }
    long reads = poller.reads();
    Thread.sleep(3 * POLL_MILLIS);
    assertThat(poller.reads()).isEqualTo(reads);
  }
}
