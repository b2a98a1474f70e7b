package io.headwater.origin.demo;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a sample FLV file in a loop, in real time, through the same publish path an RTMP
 * encoder takes ({@code --demo}), so one command shows a live stream. Each loop continues the
 * timestamps of the previous one, as an encoder would.
 */
public final class DemoPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoPublisher.class);

  public static final String DEFAULT_RESOURCE = "sample-media/h264-high-bframes-aac.flv";

  private final List<FlvTag> tags;
  private final long loopDurationMs;
  private final Thread thread;
  private final PublishHandler handler;
  private final String app;
  private final String stream;
  private volatile boolean running = true;

  public DemoPublisher(PublishHandler handler, String app, String stream, String resource)
      throws IOException {
    this.handler = handler;
    this.app = app;
    this.stream = stream;
    this.tags = load(resource);
    this.loopDurationMs = loopDuration(tags);
    this.thread = new Thread(this::run, "demo-publisher");
    this.thread.setDaemon(true);
  }

  private static List<FlvTag> load(String resource) throws IOException {
    try (InputStream in = DemoPublisher.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("sample media " + resource + " not on the classpath");
      }
      FlvReader reader = new FlvReader(in);
      List<FlvTag> out = new ArrayList<>();
      for (FlvTag t = reader.next(); t != null; t = reader.next()) {
        out.add(t);
      }
      if (out.isEmpty()) {
        throw new IOException("sample media " + resource + " has no tags");
      }
      return out;
    } catch (io.headwater.packager.io.MalformedMediaException e) {
      throw new IOException("sample media " + resource + " is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * The loop length: the video's end (last timestamp plus one mean frame interval), or the
   * audio's for an audio-only file. The video loops without a hole, which players would have to
   * seek over; the audio's counted clock carries its few milliseconds of overhang across loops.
   */
  private static long loopDuration(List<FlvTag> tags) {
    for (int type : new int[] {FlvTag.VIDEO, FlvTag.AUDIO}) {
      long first = -1;
      long last = -1;
      int count = 0;
      for (FlvTag t : tags) {
        if (t.type() == type && isMediaPacket(t)) {
          if (first < 0) {
            first = t.timestampMs();
          }
          last = Math.max(last, t.timestampMs());
          count++;
        }
      }
      if (count > 1) {
        return last + Math.round((last - first) / (double) (count - 1));
      }
    }
    return 1;
  }

  /** A coded frame: AVCPacketType 1 (NALU) or AACPacketType 1 (raw), FLV spec E.4.2/E.4.3. */
  private static boolean isMediaPacket(FlvTag tag) {
    byte[] b = tag.body();
    return tag.type() != FlvTag.SCRIPT_DATA && b.length > 1 && b[1] == 1;
  }

  public void start() {
    thread.start();
  }

  private void run() {
    StreamPublisher publisher;
    try {
      publisher = handler.onPublish(new PublishRequest(app, stream, Map.of(),
          new InetSocketAddress("127.0.0.1", 0), "demo"));
    } catch (Exception e) {
      log.warn("demo publish refused app={} stream={}: {}", app, stream, e.getMessage());
      return;
    }
    log.info("demo publishing app={} stream={} loop={}ms", app, stream, loopDurationMs);
    long startNanos = System.nanoTime();
    boolean clean = false;
    try {
      for (long loop = 0; running; loop++) {
        long offset = loop * loopDurationMs;
        for (FlvTag tag : tags) {
          if (!running) {
            break;
          }
          if (loop > 0 && !isMediaPacket(tag)) {
            continue; // configuration was sent once; end-of-sequence markers never
          }
          if (loop == 0 && tag.type() == FlvTag.VIDEO && tag.body().length > 1
              && tag.body()[1] == 2) {
            continue; // AVC end of sequence: the stream goes on
          }
          long due = tag.timestampMs() + offset;
          long waitMs = due - (System.nanoTime() - startNanos) / 1_000_000;
          if (waitMs > 0) {
            Thread.sleep(waitMs);
          }
          publisher.onTag(new FlvTag(tag.type(), due, tag.body()));
        }
      }
      clean = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = true;
    } catch (Exception e) {
      log.warn("demo publisher failed app={} stream={}: {}", app, stream, e.toString());
    } finally {
      publisher.onUnpublish(clean);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
