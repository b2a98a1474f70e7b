package io.headwater.origin.transcode;

import java.util.List;

/**
 * What the stats API shows of one source's transcoder.
 *
 * @param state {@code running}, {@code restarting} (waiting out its backoff) or {@code stopped}
 * @param pid the ffmpeg process id, or -1 while none runs
 * @param restarts how many times the process was started again after it died
 * @param cpuPercent CPU use over the last sampling interval (100 = one core)
 * @param speed media time encoded per wall time (1.0 keeps up with the live source)
 * @param fps frames encoded per second, per rendition
 * @param renditions the stream names it publishes
 */
public record TranscoderStats(String state, long pid, int restarts, double cpuPercent,
    double speed, double fps, List<String> renditions) {
  public TranscoderStats {
    renditions = List.copyOf(renditions);
  }
}
