package io.headwater.origin.browser;

import io.headwater.origin.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live publisher: the real ffmpeg sending a sample file over RTMP at its own pace ({@code -re}),
 * looped ({@code -stream_loop -1}) for as long as a play needs, with stream copy.
 */
public final class LivePublish implements AutoCloseable {
  private final Process ffmpeg;

  private LivePublish(Process ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * Starts publishing {@code file} to {@code rtmpUrl}; with {@code seconds} > 0 ffmpeg stops by
   * itself after that much media (a publisher that leaves), otherwise it loops until closed.
   */
  public static LivePublish start(Path file, String rtmpUrl, int seconds) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
        "error", "-re", "-stream_loop", "-1", "-i", file.toString()));
    if (seconds > 0) {
      cmd.addAll(List.of("-t", Integer.toString(seconds)));
    }
    cmd.addAll(List.of("-c", "copy", "-f", "flv", rtmpUrl));
    return new LivePublish(new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }

  /** Waits for a publisher started with a duration to finish; true when it exited cleanly. */
  public boolean awaitExit(long timeoutSeconds) throws InterruptedException {
    return ffmpeg.waitFor(timeoutSeconds, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0;
  }

  public boolean isAlive() {
    return ffmpeg.isAlive();
  }

  /** Disconnects (ends ffmpeg) and waits for it to go. */
  @Override
  public void close() throws InterruptedException {
    ffmpeg.destroy();
    if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
      ffmpeg.destroyForcibly().waitFor();
    }
  }
}
