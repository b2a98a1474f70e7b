package io.headwater.origin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/** The real ffmpeg and ffprobe shipped in org.bytedeco:ffmpeg, for end-to-end tests. */
public final class Tools {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String ffmpeg;
  private static String ffprobe;

  private Tools() {}

  public static synchronized String ffmpeg() {
    if (ffmpeg == null) {
      ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
    }
    return ffmpeg;
  }

  public static synchronized String ffprobe() {
    if (ffprobe == null) {
      ffprobe = Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
    }
    return ffprobe;
  }

  /** A sample file of sample-media/, on the file system (module-relative). */
  public static Path sample(String name) {
    Path p = Path.of("..", "sample-media", "media", name).toAbsolutePath().normalize();
    if (!p.toFile().isFile()) {
      throw new IllegalStateException("missing sample " + p);
    }
    return p;
  }

  /** Result of a finished command. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command to completion with a time limit. */
  public static Result run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    StringBuilder so = new StringBuilder();
    StringBuilder se = new StringBuilder();
    Thread t1 = pump(out, so);
    Thread t2 = pump(err, se);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    t1.join();
    t2.join();
    return new Result(p.exitValue(), so.toString(), se.toString());
  }

  private static Thread pump(java.io.InputStream in, StringBuilder sink) {
    Thread t = new Thread(() -> {
      try {
        byte[] all = in.readAllBytes();
        synchronized (sink) {
          sink.append(new String(all, StandardCharsets.UTF_8));
        }
      } catch (IOException ignored) {
        // the process ended; what was read is kept
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Starts ffmpeg publishing {@code file} to {@code rtmpUrl} with stream copy. */
  public static Process publish(Path file, String rtmpUrl, boolean realTime) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ffmpeg(), "-hide_banner", "-loglevel", "error"));
    if (realTime) {
      cmd.add("-re");
    }
    cmd.addAll(List.of("-i", file.toString(), "-c", "copy", "-f", "flv", rtmpUrl));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** ffprobe's JSON view of {@code input} (a file or URL) with streams, packets or frames. */
  public static JsonNode probe(String input, String... sections)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ffprobe(), "-v", "error", "-of", "json"));
    for (String s : sections) {
      cmd.add(s);
    }
    cmd.add(input);
    Result r = run(cmd, 120);
    if (r.exitCode() != 0) {
      throw new IOException("ffprobe failed on " + input + ": " + r.stderr());
    }
    return JSON.readTree(r.stdout());
  }

  /** Decodes {@code input} completely; returns ffmpeg's error output (empty when clean). */
  public static String decodeErrors(String input) throws IOException, InterruptedException {
    Result r = run(List.of(ffmpeg(), "-v", "error", "-i", input, "-f", "null", "-"), 300);
    return (r.exitCode() == 0 ? "" : "exit " + r.exitCode() + "\n") + r.stderr().trim();
  }
}
