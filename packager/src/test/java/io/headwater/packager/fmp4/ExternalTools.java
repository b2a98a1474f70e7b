package io.headwater.packager.fmp4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/** Runs the ffmpeg and ffprobe executables shipped in the org.bytedeco:ffmpeg test jars. */
final class ExternalTools {
  /** Exit code and output of one finished run. */
  record Result(int exitCode, String stdout, String stderr) {}

  private ExternalTools() {}

  static Result ffprobe(Path workDir, String... args) throws Exception {
    return run(workDir, Loader.load(org.bytedeco.ffmpeg.ffprobe.class), args);
  }

  static Result ffmpeg(Path workDir, String... args) throws Exception {
    return run(workDir, Loader.load(org.bytedeco.ffmpeg.ffmpeg.class), args);
  }

  private static Result run(Path workDir, String executable, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "tool", ".out");
    Path err = Files.createTempFile(workDir, "tool", ".err");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
