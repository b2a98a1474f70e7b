package io.headwater.origin.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg command line of one source's ladder: FLV on standard input, one H.264 output per
 * rung scaled to its height, keyframes exactly where the source has them ({@code
 * -force_key_frames source}, scene-cut keyframes off) and every frame's timestamp kept ({@code
 * -copyts}, {@code -fps_mode passthrough}, and a millisecond encoder time base: the default 1/fps
 * base moves frames onto a constant-rate grid, 12 ms off the source's for a 30 fps stream that
 * starts at 21 ms), so the rungs' segments fall on the source's presentation times; audio
 * copied; each output published over RTMP; progress as key=value lines on standard output.
 * Needs ffmpeg 6 or later ({@code -fps_mode}, {@code -enc_time_base}).
 */
final class TranscodeCommand {
  /** x264 preset: the speed a live ladder needs on a few cores. */
  static final String PRESET = "veryfast";

  private TranscodeCommand() {}

  /**
   * The arguments.
   *
   * @param ffmpeg the executable
   * @param rtmpBase {@code rtmp://HOST:PORT/APP/} of the origin's own ingest
   * @param source the source stream's name; the rungs publish as {@code source_RUNG}
   * @param rungs the renditions to make
   * @param credential the launch's {@link RungCredentials} credential, on every rung's URL
   */
  static List<String> of(String ffmpeg, String rtmpBase, String source, List<Rung> rungs,
      String credential) {
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin",
        "-loglevel", "error", "-nostats", "-progress", "pipe:1",
        "-copyts", "-f", "flv", "-i", "pipe:0"));
    StringBuilder graph = new StringBuilder("[0:v]split=" + rungs.size());
    for (int i = 0; i < rungs.size(); i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < rungs.size(); i++) {
      graph.append(";[s").append(i).append("]scale=-2:").append(rungs.get(i).height())
          .append("[v").append(i).append(']');
    }
    cmd.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < rungs.size(); i++) {
      Rung rung = rungs.get(i);
      long bps = rung.videoBitsPerSecond();
      cmd.addAll(List.of("-map", "[v" + i + "]", "-map", "0:a?",
          "-c:v", "libx264", "-preset", PRESET, "-tune", "zerolatency",
          "-b:v", Long.toString(bps), "-maxrate", Long.toString(bps),
          "-bufsize", Long.toString(2 * bps),
          "-force_key_frames", "source", "-sc_threshold", "0", "-g", "600",
          "-fps_mode", "passthrough", "-enc_time_base:v", "1:1000",
          "-c:a", "copy", "-f", "flv", rtmpBase + source + "_" + rung.name()
              + "?" + RungCredentials.PARAMETER + "=" + credential));
    }
    return cmd;
  }
}
