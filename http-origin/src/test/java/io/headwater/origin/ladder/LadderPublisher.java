package io.headwater.origin.ladder;

import io.headwater.origin.Tools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishers of ABR renditions for tests: one ffmpeg that encodes one looping sample into several
 * sizes with the same keyframe times (as an encoder with a ladder does), each output published as
 * its own RTMP stream, or plain stream-copy publishers.
 */
final class LadderPublisher {
  /** The sample every rendition is made from: 640x360, 30 fps, H.264 + AAC, 10 s. */
  static final String SAMPLE = "h264-baseline-aac.flv";

  private LadderPublisher() {}

  /**
   * Starts one ffmpeg publishing {@code rtmpBase + names[i]} at height {@code heights[i]} and
   * {@code kbps[i]} kbit/s, looping the sample in real time; keyframes every 2 s in every output.
   */
  static Process encode(String rtmpBase, String[] names, int[] heights, int[] kbps)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
        "error", "-re", "-stream_loop", "-1", "-i", Tools.sample(SAMPLE).toString()));
    StringBuilder graph = new StringBuilder("[0:v]split=" + names.length);
    for (int i = 0; i < names.length; i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < names.length; i++) {
      graph.append(";[s").append(i).append("]scale=-2:").append(heights[i])
          .append("[v").append(i).append(']');
    }
    cmd.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < names.length; i++) {
      cmd.addAll(List.of("-map", "[v" + i + "]", "-map", "0:a",
          "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
          "-b:v", kbps[i] + "k", "-maxrate", kbps[i] + "k", "-bufsize", 2 * kbps[i] + "k",
          "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
          "-force_key_frames", "expr:gte(t,n_forced*2)",
          "-c:a", "aac", "-b:a", "96k", "-f", "flv", rtmpBase + names[i]));
    }
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Starts ffmpeg publishing the sample as is, looping, in real time, to {@code rtmpUrl}. */
  static Process copy(String rtmpUrl) throws IOException {
    return new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error", "-re",
        "-stream_loop", "-1", "-i", Tools.sample(SAMPLE).toString(), "-c", "copy", "-f", "flv",
        rtmpUrl).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Ends {@code process} and waits for it. */
  static void stop(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
