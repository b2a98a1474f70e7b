package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The origin as an operator runs it: {@code Main} in a child JVM. SIGTERM (what systemd, docker
 * stop and Kubernetes send) drains it: the live stream's open segment is finished, its playlists
 * end, and the process exits 0; a bad configuration stops the start with exit code 2 and a line
 * naming the key.
 */
class MainProcessTest {
  private static final Pattern BANNER =
      Pattern.compile("Headwater listening: RTMP port (\\d+), HTTP port (\\d+)");

  /**
   * Starts Main with the production logging (logback.xml: log lines on stderr), stdout and
   * stderr into files {@code out} and {@code log}.
   */
  private static Process startMain(Path out, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile())
        .start();
  }

  /** Polls the process's stdout for the banner line with the ports. */
  private static Matcher awaitBanner(Process origin, Path out, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && origin.isAlive()) {
      Matcher m = BANNER.matcher(read(out));
      if (m.find()) {
        return m;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no banner; stdout:\n" + read(out) + "\nlog:\n" + read(log));
  }

  @Test
  void sigtermEndsTheLiveStreamAndExitsZero(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("origin.out");
    Path log = dir.resolve("origin.log");
    Process origin = startMain(out, log, "--bind", "127.0.0.1", "--rtmp-port", "0",
        "--http-port", "0", "--data-dir", dir.resolve("data").toString(), "--no-access-log");
    Process ffmpeg = null;
    try {
      Matcher ports = awaitBanner(origin, out, log);
      Http http = new Http(Integer.parseInt(ports.group(2)));

      ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + ports.group(1) + "/live/sig", /* realTime= */ true);
      String before = http.awaitText("/live/sig/ts/index.m3u8", "#EXTINF",
          Duration.ofSeconds(20));
      MediaPlaylist seen = MediaPlaylist.parse(before);
      assertThat(before).doesNotContain("#EXT-X-ENDLIST");
      assertThat(ffmpeg.isAlive()).as("still publishing at SIGTERM").isTrue();

      origin.destroy(); // SIGTERM
      assertThat(origin.waitFor(20, TimeUnit.SECONDS)).as("exits within 20 s").isTrue();
      String logText = read(log);
      assertThat(origin.exitValue()).as("exit code; log:\n%s", logText).isZero();
      assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).as("publisher disconnected").isTrue();

      assertThat(logText).contains("origin draining").contains("origin stopped");
      Matcher ended = Pattern.compile("stream ended app=live stream=sig segments=(\\d+)")
          .matcher(logText);
      assertThat(ended.find()).as("log:\n%s", logText).isTrue();
      long lastSeen = seen.mediaSequence() + seen.segments().size() - 1;
      assertThat(Long.parseLong(ended.group(1)))
          .as("the segment open at SIGTERM was finished and listed")
          .isGreaterThan(lastSeen + 1);
    } finally {
      if (ffmpeg != null) {
        ffmpeg.destroyForcibly();
      }
      origin.destroyForcibly();
    }
  }

  @Test
  void aBadConfigurationStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("headwater.yaml"),
        "apps:\n  live:\n    playlistSegments: 2\n");
    Path log = dir.resolve("origin.log");
    Process origin = startMain(dir.resolve("origin.out"), log, "--config", config.toString());
    assertThat(origin.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(origin.exitValue()).isEqualTo(2);
    assertThat(read(log)).contains("headwater: apps.live.playlistSegments: '2' is not allowed; "
        + "allowed: a whole number from 3 to 1000 in " + config);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
