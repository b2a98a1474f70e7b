package io.headwater.origin.transcode;

/**
 * Reads ffmpeg's {@code -progress} output (key=value lines, a block ending in {@code progress=})
 * and keeps the latest figures. Thread-safe: one reader thread writes, stats readers read.
 */
final class TranscodeProgress {
  private volatile double speed;
  private volatile double fps;
  private volatile long frames;
  private double pendingSpeed;
  private double pendingFps;
  private long pendingFrames;

  /** Takes one line of the progress output. */
  void onLine(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return;
    }
    String key = line.substring(0, eq).trim();
    String value = line.substring(eq + 1).trim();
    switch (key) {
      case "speed" -> pendingSpeed = number(value.endsWith("x")
          ? value.substring(0, value.length() - 1) : value);
      case "fps" -> pendingFps = number(value);
      case "frame" -> pendingFrames = (long) number(value);
      case "progress" -> {
        speed = pendingSpeed;
        fps = pendingFps;
        frames = pendingFrames;
      }
      default -> {
        // other keys (bitrate, out_time, dup/drop counts) are not reported
      }
    }
  }

  private static double number(String value) {
    try {
      double d = Double.parseDouble(value);
      return Double.isFinite(d) && d >= 0 ? d : 0;
    } catch (NumberFormatException e) {
      return 0; // "N/A" before the first frame
    }
  }

  /** Media time encoded per wall time: 1.0 keeps up with a live source. */
  double speed() {
    return speed;
  }

  /** Frames per second encoded, per output. */
  double fps() {
    return fps;
  }

  /** Frames encoded so far, per output. */
  long frames() {
    return frames;
  }
}
