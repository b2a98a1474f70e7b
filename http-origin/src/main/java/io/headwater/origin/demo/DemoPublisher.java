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

  /** The loop length: the last video timestamp plus one frame interval. */
  private static long loopDuration(List<FlvTag> tags) {
    long lastVideo = -1;
    long prevVideo = -1;
    long last = 0;
    for (FlvTag t : tags) {
      last = Math.max(last, t.timestampMs());
      if (t.type() == FlvTag.VIDEO) {
        prevVideo = lastVideo;
        lastVideo = t.timestampMs();
      }
    }
    if (lastVideo >= 0 && prevVideo >= 0) {
      return lastVideo + (lastVideo - prevVideo);
    }
    return last + 23; // audio only: about one AAC frame at 44.1/48 kHz
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
          boolean config = loop > 0 && isSequenceHeaderOrMetadata(tag);
          if (config) {
            continue; // repeated configuration would look like a format change
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

  private static boolean isSequenceHeaderOrMetadata(FlvTag tag) {
    byte[] b = tag.body();
    if (tag.type() == FlvTag.SCRIPT_DATA) {
      return true;
    }
    // AVCPacketType 0 (video byte 1) and AACPacketType 0 (audio byte 1) are sequence headers.
    return b.length > 1 && b[1] == 0;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
