package io.headwater.origin.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU use of a child process from Linux's {@code /proc/PID/stat} (proc(5): fields 14 utime and 15
 * stime, in clock ticks of 1/100 s on every Linux platform Java runs on). Elsewhere it reports 0.
 */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;
  private long lastTicks = -1;
  private long lastNanos;
  private volatile double percent;

  ProcessCpu(long pid) {
    this.pid = pid;
  }

  /** Samples the counters; the CPU percent (100 = one core) since the previous sample. */
  synchronized double sample() {
    long ticks = ticks();
    long now = System.nanoTime();
    if (ticks >= 0 && lastTicks >= 0 && now > lastNanos) {
      double cpuSeconds = (ticks - lastTicks) / TICKS_PER_SECOND;
      percent = 100.0 * cpuSeconds / ((now - lastNanos) / 1e9);
    }
    if (ticks >= 0) {
      lastTicks = ticks;
      lastNanos = now;
    }
    return percent;
  }

  /** The last sampled CPU percent. */
  double percent() {
    return percent;
  }

  /** utime + stime, or -1 when unreadable. */
  private long ticks() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Field 2 (comm) is in parentheses and may contain spaces: split after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state): utime is field 14, stime field 15.
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
