package io.headwater.origin.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One table line per play (player, format, scenario, time to first frame, stalls, latency), to the
 * test output and to {@code target/browser/playback-table.md}, so that results can be quoted.
 */
public final class ResultTable {
  private static final String HEADER = "| player | format | scenario | TTFF ms | stalls "
      + "| latency s (median/max) | media/wall | longest freeze ms | decoded/dropped | end |";

  private final Path file;

  public ResultTable(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(file, HEADER + "\n|---|---|---|---|---|---|---|---|---|---|\n",
          StandardCharsets.UTF_8);
    }
  }

  /** Formats, prints and records the line of one play. */
  public synchronized String add(Play play, String scenario, PlayReport r) throws IOException {
    String end = r.endedMs() != null ? "ended"
        : r.staticMs() != null ? "static" : r.reason() == null ? "-" : r.reason();
    String line = String.format(Locale.ROOT,
        "| %s %s | %s | %s | %s | %d | %.2f / %.2f | %.3f | %d | %d/%d | %s |",
        play.player().label(), r.version() == null ? "" : r.version(), play.format().label(),
        scenario, r.firstFrameMs() == null ? "none" : r.firstFrameMs().toString(),
        r.stallsAfterStart(), r.medianLatency(), r.maxLatency(), r.advanceRatio(),
        r.longestFreezeMs(), r.decodedFrames(), r.droppedFrames(), end);
    System.out.println("BROWSER " + line);
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return line;
  }
}
