package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of packaged media-folder files is pruned: versions of replaced and deleted files and
 * interrupted packagings go once unused for a minute, and above the size bound the least
 * recently used go first, never one in use.
 */
class MediaCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A clock the test moves. */
  private static final class TestClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  private static Path versionDir(Path dataDir, RecordingId id) {
    return dataDir.resolve("cache/vod/files").resolve(id.stream()).resolve(id.epoch());
  }

  private static long cacheBytes(Path dataDir) throws Exception {
    try (Stream<Path> files = Files.walk(dataDir.resolve("cache/vod"))) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void versionsOfReplacedOrDeletedFilesAndInterruptedPackagingsArePruned(@TempDir Path dataDir)
      throws Exception {
    TestClock clock = new TestClock();
    Path media = Files.createDirectories(dataDir.resolve("media"));
    Path file = Files.copy(Tools.sample("h264-baseline-aac.flv"), media.resolve("talk.flv"));
    MediaFolder folder = new MediaFolder(dataDir, clock, JSON, 0);

    RecordingId first = folder.current("talk.flv").orElseThrow();
    Files.setLastModifiedTime(file, FileTime.fromMillis(
        Files.getLastModifiedTime(file).toMillis() + 60_000)); // the file is replaced
    RecordingId second = folder.current("talk.flv").orElseThrow();
    assertThat(second.epoch()).isNotEqualTo(first.epoch());
    // Pruned right after the packaging, but the old version was played a moment ago: kept.
    assertThat(versionDir(dataDir, first)).isDirectory();

    clock.advance(Duration.ofMinutes(2));
    folder.used(second);
    Path interrupted = Files.createDirectories(dataDir.resolve("cache/vod/files/old.flv/zz9/v"));
    Files.write(interrupted.resolve("zz9-0.m4s"), new byte[1000]);
    List<MediaCachePruner.Deleted> deleted = folder.prune();
    assertThat(deleted).extracting(MediaCachePruner.Deleted::reason).containsExactlyInAnyOrder(
        MediaCachePruner.Reason.SOURCE_CHANGED, MediaCachePruner.Reason.INCOMPLETE);
    assertThat(versionDir(dataDir, first)).doesNotExist();
    assertThat(dataDir.resolve("cache/vod/files/old.flv")).doesNotExist();
    assertThat(versionDir(dataDir, second).resolve("manifest.json")).isRegularFile();

    Files.delete(file);
    assertThat(folder.prune()).as("still in use").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    assertThat(folder.prune()).extracting(MediaCachePruner.Deleted::reason)
        .containsExactly(MediaCachePruner.Reason.SOURCE_GONE);
    assertThat(dataDir.resolve("cache/vod/files/talk.flv")).doesNotExist();
    assertThat(cacheBytes(dataDir)).isZero();
  }

  @Test
  void aboveTheSizeBoundTheLeastRecentlyUsedVersionGoes(@TempDir Path dataDir) throws Exception {
    TestClock clock = new TestClock();
    Path media = Files.createDirectories(dataDir.resolve("media"));
    for (String name : List.of("a.flv", "b.flv", "c.flv")) {
      Files.copy(Tools.sample("h264-baseline-aac.flv"), media.resolve(name));
    }
    // Measure one packaged copy, then allow two and a half.
    MediaFolder probe = new MediaFolder(dataDir.resolve("probe"), clock, JSON, 0);
    Files.createDirectories(dataDir.resolve("probe/media"));
    Files.copy(media.resolve("a.flv"), dataDir.resolve("probe/media/a.flv"));
    probe.current("a.flv").orElseThrow();
    long one = cacheBytes(dataDir.resolve("probe"));
    assertThat(one).isGreaterThan(100_000);

    MediaFolder folder = new MediaFolder(dataDir, clock, JSON, one * 5 / 2);
    RecordingId a = folder.current("a.flv").orElseThrow();
    clock.advance(Duration.ofMinutes(2));
    RecordingId b = folder.current("b.flv").orElseThrow();
    clock.advance(Duration.ofMinutes(2));
    folder.used(a); // a viewer plays a again; b is now the least recently used
    clock.advance(Duration.ofMinutes(2));
    RecordingId c = folder.current("c.flv").orElseThrow();

    assertThat(versionDir(dataDir, b)).doesNotExist();
    assertThat(versionDir(dataDir, a).resolve("manifest.json")).isRegularFile();
    assertThat(versionDir(dataDir, c).resolve("manifest.json")).isRegularFile();
    assertThat(cacheBytes(dataDir)).isLessThanOrEqualTo(one * 5 / 2);
    // b comes back on its next request, packaged again.
    assertThat(folder.current("b.flv")).contains(b);
    assertThat(versionDir(dataDir, b).resolve("manifest.json")).isRegularFile();
  }

  @Test
  void aVersionLargerThanTheBoundIsKeptWhileInUse(@TempDir Path dataDir) throws Exception {
    TestClock clock = new TestClock();
    Files.createDirectories(dataDir.resolve("media"));
    Files.copy(Tools.sample("h264-baseline-aac.flv"), dataDir.resolve("media/big.flv"));
    MediaFolder folder = new MediaFolder(dataDir, clock, JSON, 1000);
    RecordingId big = folder.current("big.flv").orElseThrow();
    assertThat(versionDir(dataDir, big).resolve("manifest.json")).isRegularFile();
    clock.advance(Duration.ofSeconds(30));
    assertThat(folder.prune()).isEmpty();
    clock.advance(Duration.ofMinutes(2));
    assertThat(folder.prune()).extracting(MediaCachePruner.Deleted::reason)
        .containsExactly(MediaCachePruner.Reason.SIZE);
  }

  @Test
  void theBoundIsConfigured(@TempDir Path dir) throws Exception {
    Path yaml = Files.writeString(dir.resolve("h.yaml"),
        "recordings: { mediaCache: { maxSize: 2G } }\n");
    RecordingSettings settings = RecordingSettings.from(new ConfigLoader().load(yaml, List.of()));
    assertThat(settings.mediaCacheMaxBytes()).isEqualTo(2L << 30);
    Path none = Files.writeString(dir.resolve("none.yaml"), "dataDir: " + dir + "\n");
    assertThat(RecordingSettings.from(new ConfigLoader().load(none, List.of()))
        .mediaCacheMaxBytes()).isEqualTo(10L << 30);
  }
}
