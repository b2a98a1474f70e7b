package io.headwater.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and memory of a server process and its children (nginx workers), from Linux procfs
 * (proc(5)): utime + stime of /proc/PID/stat, VmRSS of /proc/PID/status and Pss of
 * /proc/PID/smaps_rollup.
 *
 * @param cpuSeconds user + system CPU seconds so far
 * @param rssKb resident set size, summed over the processes
 * @param pssKb proportional set size (shared pages divided among sharers), summed
 */
record ProcStats(double cpuSeconds, long rssKb, long pssKb) {
  /** Clock ticks per second of the stat fields (USER_HZ; 100 on Linux x86-64). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The sum over {@code rootPid} and its direct children. */
  static ProcStats of(long rootPid) throws IOException {
    List<Long> pids = new ArrayList<>();
    pids.add(rootPid);
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        String stat = readOrNull(p.resolve("stat"));
        if (stat != null && field(stat, 4) == rootPid) {
          pids.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    }
    double cpu = 0;
    long rss = 0;
    long pss = 0;
    for (long pid : pids) {
      Path dir = Path.of("/proc", Long.toString(pid));
      String stat = readOrNull(dir.resolve("stat"));
      if (stat == null) {
        continue;
      }
      cpu += (field(stat, 14) + field(stat, 15)) / TICKS_PER_SECOND; // utime, stime
      rss += kb(readOrNull(dir.resolve("status")), "VmRSS:");
      pss += kb(readOrNull(dir.resolve("smaps_rollup")), "Pss:");
    }
    return new ProcStats(cpu, rss, pss);
  }

  /** Field {@code n} (1-based, as proc(5) numbers them) of a stat line. */
  private static long field(String stat, int n) {
    int close = stat.lastIndexOf(')'); // comm may hold spaces and parentheses
    String[] rest = stat.substring(close + 2).trim().split(" ");
    return Long.parseLong(rest[n - 3]);
  }

  private static long kb(String text, String key) {
    if (text == null) {
      return 0;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  private static String readOrNull(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException | RuntimeException e) {
      return null; // the process ended between listing and reading
    }
  }
}
