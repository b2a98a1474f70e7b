package io.headwater.origin.transcode;

import io.headwater.ingest.flv.FlvTag;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the ffmpeg that turns one published source into its ladder: feeds it the source's
 * FLV on standard input from a queue (the publisher's thread never waits for ffmpeg), restarts it
 * with exponential backoff (1 s doubling to 30 s, back to 1 s after a minute of running) when it
 * dies, and stops it when the source's publisher leaves. A restarted process gets the stream's
 * metadata and codec configuration again and then media from the next video keyframe on. Every
 * launch publishes its rungs with a fresh {@link RungCredentials} credential, which is never
 * logged (ffmpeg's error lines are quoted with it blanked out).
 */
public final class Transcoder {
  private static final Logger log = LoggerFactory.getLogger(Transcoder.class);
  /** Source bytes queued for ffmpeg at most: past that it is too slow and is restarted. */
  static final long MAX_QUEUED_BYTES = 32L << 20;
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration STABLE_RUN = Duration.ofMinutes(1);

  private final String app;
  private final String path;
  private final Function<String, List<String>> commandFor;
  private final List<String> renditions;
  private final RungCredentials credentials;
  private final ScheduledExecutorService scheduler;
  private final Runnable onRestart;

  // The source's codec configuration and metadata, replayed to every new process.
  private byte[] metadataTag;
  private byte[] videoConfigTag;
  private byte[] audioConfigTag;

  private Run run;
  /** The credential of the latest launch, revoked when the next launch or stop replaces it. */
  private String credential;
  private boolean stopped;
  private int restarts;
  private Duration backoff = MIN_BACKOFF;

  /**
   * A transcoder of {@code app/source} running the command {@code commandFor} makes from a
   * launch's credential, which publishes the streams {@code renditions} of {@code app}; not
   * started. {@code onRestart} runs at every restart.
   */
  Transcoder(String app, String source, Function<String, List<String>> commandFor,
      List<String> renditions, RungCredentials credentials, ScheduledExecutorService scheduler,
      Runnable onRestart) {
    this.app = app;
    this.path = app + "/" + source;
    this.commandFor = commandFor;
    this.renditions = List.copyOf(renditions);
    this.credentials = credentials;
    this.scheduler = scheduler;
    this.onRestart = onRestart;
  }

  /** Starts the first process. */
  synchronized void start() {
    launch();
  }

  /** One source tag, on the publisher's thread: queued for the running process, if any. */
  void offer(FlvTag tag) {
    if (tag.body().length == 0 || tag.body().length > FlvStream.MAX_TAG_BODY_BYTES) {
      return;
    }
    byte[] encoded = FlvStream.tag(tag);
    boolean keyframe = false;
    synchronized (this) {
      if (tag.type() == FlvTag.SCRIPT_DATA) {
        metadataTag = encoded;
      } else if (tag.type() == FlvTag.VIDEO) {
        // E.4.3.1: FrameType(4) CodecID(4), then AVCPacketType (0 = sequence header).
        boolean config = tag.body().length > 1 && tag.body()[1] == 0;
        if (config) {
          videoConfigTag = encoded;
        }
        keyframe = (tag.body()[0] & 0xF0) == 0x10 && !config;
      } else if (tag.type() == FlvTag.AUDIO && (tag.body()[0] & 0xF0) == 0xA0
          && tag.body().length > 1 && tag.body()[1] == 0) {
        // E.4.2.1: SoundFormat 10 (AAC), AACPacketType 0 = AudioSpecificConfig.
        audioConfigTag = encoded;
      }
      if (run != null) {
        run.offer(encoded, tag.type(), keyframe);
      }
    }
  }

  /** Stops for good: the publisher left. The process gets SIGTERM, then SIGKILL after 5 s. */
  void stop() {
    Run last;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      last = run;
      run = null;
      revokeCredential();
    }
    if (last != null) {
      last.end();
      log.info("transcoder stopped path={} pid={} restarts={}", path, last.process.pid(),
          restarts);
    }
  }

  /** The figures the stats API shows. */
  synchronized TranscoderStats stats() {
    if (run == null) {
      return new TranscoderStats(stopped ? "stopped" : "restarting", -1, restarts, 0, 0, 0,
          renditions);
    }
    return new TranscoderStats("running", run.process.pid(), restarts, run.cpu.percent(),
        run.progress.speed(), run.progress.fps(), renditions);
  }

  /** Samples the running process's CPU use (called every few seconds). */
  void sampleCpu() {
    Run current;
    synchronized (this) {
      current = run;
    }
    if (current != null) {
      current.cpu.sample();
    }
  }

  private void revokeCredential() {
    if (credential != null) {
      credentials.revoke(app, renditions, credential);
      credential = null;
    }
  }

  private void launch() {
    revokeCredential();
    credential = credentials.issue(app, renditions);
    List<String> command = commandFor.apply(credential);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      revokeCredential();
      log.error("transcoder cannot start path={} command={}: {}", path, command.get(0),
          e.getMessage());
      scheduleRestart(0);
      return;
    }
    Run next = new Run(process, credential);
    List<byte[]> preamble = new ArrayList<>();
    preamble.add(FlvStream.header());
    for (byte[] tag : new byte[][] {metadataTag, videoConfigTag, audioConfigTag}) {
      if (tag != null) {
        preamble.add(tag);
      }
    }
    next.begin(preamble, /* awaitKeyframe= */ videoConfigTag != null);
    run = next;
    log.info("transcoder started path={} pid={} renditions={}", path, process.pid(),
        renditions);
    long startedNanos = System.nanoTime();
    process.onExit().thenAccept(p -> exited(next, p.exitValue(), startedNanos));
  }

  private void exited(Run ended, int exitCode, long startedNanos) {
    synchronized (this) {
      if (run != ended || stopped) {
        return;
      }
      run = null;
      ended.end();
      revokeCredential();
      long ranNanos = System.nanoTime() - startedNanos;
      log.warn("transcoder exited path={} pid={} code={} ranSeconds={} lastError={}; restarting"
          + " in {} ms", path, ended.process.pid(), exitCode, ranNanos / 1_000_000_000L,
          ended.lastError, backoffAfter(ranNanos).toMillis());
      scheduleRestart(ranNanos);
    }
  }

  private Duration backoffAfter(long ranNanos) {
    return ranNanos >= STABLE_RUN.toNanos() ? MIN_BACKOFF : backoff;
  }

  private void scheduleRestart(long ranNanos) {
    Duration delay = backoffAfter(ranNanos);
    backoff = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
        : delay.multipliedBy(2);
    scheduler.schedule(() -> {
      synchronized (this) {
        if (!stopped && run == null) {
          restarts++;
          onRestart.run();
          launch();
        }
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One ffmpeg process and the threads that feed and read it. */
  private final class Run {
    private final Process process;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final TranscodeProgress progress = new TranscodeProgress();
    private final ProcessCpu cpu;
    private final String credential;
    private long queuedBytes;
    private boolean awaitKeyframe;
    private boolean ended;
    private volatile String lastError = "";

    Run(Process process, String credential) {
      this.process = process;
      this.credential = credential;
      this.cpu = new ProcessCpu(process.pid());
    }

    void begin(List<byte[]> preamble, boolean awaitKeyframe) {
      this.awaitKeyframe = awaitKeyframe;
      for (byte[] b : preamble) {
        enqueue(b);
      }
      thread("transcode-in-" + process.pid(), this::feed);
      thread("transcode-progress-" + process.pid(), () -> read(process.getInputStream(), true));
      thread("transcode-err-" + process.pid(), () -> read(process.getErrorStream(), false));
    }

    /** Called with the transcoder's monitor held. */
    void offer(byte[] encoded, int type, boolean keyframe) {
      if (ended) {
        return;
      }
      if (awaitKeyframe) {
        if (type != FlvTag.VIDEO || !keyframe) {
          return;
        }
        awaitKeyframe = false;
      }
      if (queuedBytes + encoded.length > MAX_QUEUED_BYTES) {
        log.warn("transcoder falling behind path={} pid={} queuedBytes={}; killing it", path,
            process.pid(), queuedBytes);
        ended = true;
        queue.clear();
        process.destroyForcibly();
        return;
      }
      enqueue(encoded);
    }

    private void enqueue(byte[] b) {
      queuedBytes += b.length;
      queue.add(b);
    }

    private void feed() {
      try (OutputStream in = process.getOutputStream()) {
        while (true) {
          byte[] b = queue.take();
          if (b.length == 0) {
            return; // end marker
          }
          synchronized (Transcoder.this) {
            queuedBytes -= b.length;
          }
          in.write(b);
          if (queue.isEmpty()) {
            in.flush();
          }
        }
      } catch (IOException e) {
        // The process is gone; its exit is handled by the onExit callback.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void read(InputStream stream, boolean isProgress) {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (isProgress) {
            progress.onLine(line);
          } else if (!line.isBlank()) {
            // ffmpeg names the output URL in its errors: the credential must not reach the log.
            String safe = line.replace(credential, "REDACTED");
            lastError = safe.length() > 300 ? safe.substring(0, 300) : safe;
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    /** Ends the feed and the process (called with the transcoder's monitor held, or after). */
    void end() {
      ended = true;
      queue.clear();
      queue.add(new byte[0]);
      if (process.isAlive()) {
        process.destroy();
        process.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).thenAccept(p -> {
          if (process.isAlive()) {
            process.destroyForcibly();
          }
        });
      }
    }

    private void thread(String name, Runnable body) {
      Thread t = new Thread(body, name);
      t.setDaemon(true);
      t.start();
    }
  }
}
