package io.headwater.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3SegmentStoreTest {
  @RegisterExtension
  final S3ProxyExtension s3 = S3ProxyExtension.builder()
      .withCredentials("hw-access", "hw-secret-key").build();

  private S3ObjectStore objects;
  private S3SegmentStore store;

  @BeforeEach
  void open() {
    objects = new S3ObjectStore(settings(8 << 20, 64 << 20));
    objects.ensureBucket();
    store = new S3SegmentStore(objects, "media/");
  }

  private S3Settings settings(int partSize, int maxObject) {
    return new S3Settings(s3.getUri(), "us-east-1", "headwater", "/cluster-a", "hw-access",
        "hw-secret-key", true, 3, partSize, maxObject, Duration.ofSeconds(10));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void segmentsRoundTripWithTheOriginsContentTypeAndCacheControl() {
    byte[] video = random(300_000, 1);
    byte[] audio = random(20_000, 2);
    store.put(new SegmentKey("live/cam1", "v/k3x9a-12.m4s"), video);
    store.put(new SegmentKey("live/cam1", "a/k3x9a-12.m4s"), audio);
    store.put(new SegmentKey("live/cam1", "ts/k3x9a-12.ts"), video);

    assertThat(store.get(new SegmentKey("live/cam1", "v/k3x9a-12.m4s")))
        .get().extracting(StoredSegment::bytes).isEqualTo(video);
    assertThat(objects.head("media/live/cam1/v/k3x9a-12.m4s")).contains(
        new ObjectMetadata("video/mp4", "public, max-age=31536000, immutable"));
    assertThat(objects.head("media/live/cam1/a/k3x9a-12.m4s")).get()
        .extracting(ObjectMetadata::contentType).isEqualTo("audio/mp4");
    assertThat(objects.head("media/live/cam1/ts/k3x9a-12.ts")).get()
        .extracting(ObjectMetadata::contentType).isEqualTo("video/mp2t");
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.totalBytes()).isEqualTo(2L * video.length + audio.length);
  }

  @Test
  void playlistsAreOverwrittenAndShortCached() {
    objects.put("media/live/cam1/v.m3u8", "#EXTM3U\n1".getBytes(),
        ObjectMetadata.forName("v.m3u8"));
    objects.put("media/live/cam1/v.m3u8", "#EXTM3U\n2".getBytes(),
        ObjectMetadata.forName("v.m3u8"));
    assertThat(objects.get("media/live/cam1/v.m3u8")).get()
        .extracting(s -> new String(s.bytes())).isEqualTo("#EXTM3U\n2");
    assertThat(objects.head("media/live/cam1/v.m3u8")).contains(
        new ObjectMetadata("application/vnd.apple.mpegurl", "public, max-age=1"));
    assertThat(objects.head("media/live/cam1/index.mpd")).isEmpty();
  }

  @Test
  void absentObjectsAreEmptyNotErrors() {
    SegmentKey missing = new SegmentKey("live/nobody", "v/x-1.m4s");
    assertThat(store.get(missing)).isEmpty();
    assertThat(store.read(missing, 0, 10)).isEmpty();
    store.remove(missing);
    assertThat(store.list("live/nobody", "")).isEmpty();
  }

  @Test
  void rangesListingAndRemoval() {
    byte[] bytes = random(1000, 3);
    SegmentKey a = new SegmentKey("live/cam2", "v/e-1.m4s");
    SegmentKey b = new SegmentKey("live/cam2", "v/e-2.m4s");
    SegmentKey other = new SegmentKey("live/cam3", "v/e-1.m4s");
    store.put(a, bytes);
    store.put(b, bytes);
    store.put(other, bytes);

    assertThat(store.read(a, 100, 10)).get()
        .isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 110));
    assertThat(store.read(a, 995, 10)).get()
        .isEqualTo(java.util.Arrays.copyOfRange(bytes, 995, 1000));
    assertThat(store.read(a, 5000, 10)).get().isEqualTo(new byte[0]);
    assertThat(store.list("live/cam2", "v/")).containsExactly("v/e-1.m4s", "v/e-2.m4s");

    store.removeStream("live/cam2");
    assertThat(store.list("live/cam2", "")).isEmpty();
    assertThat(store.get(other)).isPresent();
  }

  @Test
  void objectsOverThePartSizeGoUpInPartsAndComeBackWhole() {
    S3ObjectStore small = new S3ObjectStore(settings(S3Settings.MIN_PART_BYTES, 64 << 20));
    byte[] big = random(S3Settings.MIN_PART_BYTES * 2 + 12_345, 4);
    new S3SegmentStore(small, "media/").put(new SegmentKey("rec/cam1", "v/e-1.mp4"), big);
    byte[] back = store.get(new SegmentKey("rec/cam1", "v/e-1.mp4")).orElseThrow().bytes();
    assertThat(java.util.Arrays.equals(back, big)).as("same %s bytes", big.length).isTrue();
    assertThat(objects.head("media/rec/cam1/v/e-1.mp4")).get()
        .extracting(ObjectMetadata::cacheControl).isEqualTo(ObjectMetadata.IMMUTABLE);
  }

  @Test
  void anObjectOverTheReadLimitIsRefusedBeforeItsBytesAreRead() {
    store.put(new SegmentKey("live/cam4", "v/e-1.m4s"), random(200_000, 5));
    S3SegmentStore bounded = new S3SegmentStore(new S3ObjectStore(settings(8 << 20, 100_000)),
        "media/");
    assertThatThrownBy(() -> bounded.get(new SegmentKey("live/cam4", "v/e-1.m4s")))
        .isInstanceOf(ObjectStoreException.class).hasMessageContaining("outside 0..100000");
  }

  @Test
  void wrongCredentialsAreAClearError() {
    S3ObjectStore wrong = new S3ObjectStore(new S3Settings(s3.getUri(), "us-east-1", "headwater",
        "", "hw-access", "not-the-secret", true, 1, 8 << 20, 1 << 20, Duration.ofSeconds(5)));
    assertThatThrownBy(() -> wrong.put("x.m3u8", new byte[1], ObjectMetadata.forName("x.m3u8")))
        .isInstanceOf(ObjectStoreException.class).hasMessageContaining("PUT x.m3u8 failed");
  }

  @Test
  void settingsNormalizeThePrefixAndHideTheSecret() {
    S3Settings s = S3Settings.of(URI.create("http://127.0.0.1:9000"), "us-east-1", "b", "/a/b",
        "k", "very-secret", true);
    assertThat(s.prefix()).isEqualTo("a/b/");
    assertThat(s.toString()).doesNotContain("very-secret");
    assertThatThrownBy(() -> new S3Settings(null, "us-east-1", "b", "", "k", "s", true, 3,
        1 << 20, 1 << 20, Duration.ofSeconds(1))).hasMessageContaining("partSizeBytes");
  }
}
