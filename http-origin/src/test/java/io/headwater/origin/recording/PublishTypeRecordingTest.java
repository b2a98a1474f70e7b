package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.storage.Durability;
import io.headwater.storage.InMemorySegmentStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An RTMP publish of type {@code record} or {@code append} records its stream even where the
 * configuration records nothing; {@code live} does not. The stream is created inside the publish
 * call, as the registry does, so the recorder factory sees the request.
 */
class PublishTypeRecordingTest {
  @TempDir Path dataDir;

  @Test
  void recordAndAppendPublishesAreRecordedLiveOnesAreNot() {
    Clock clock = Clock.systemUTC();
    Recordings recordings = Recordings.start(RecordingSettings.OFF.withDataDir(dataDir)
        .withDurability(Durability.NONE), clock);
    Map<String, StreamObserver> observers = new HashMap<>();
    PublishHandler registryLike = request -> {
      LiveStream stream = new LiveStream(request.app(), request.stream(),
          "e" + observers.size(), StreamSettings.DEFAULTS, new InMemorySegmentStore(clock), clock,
          s -> {
            StreamObserver o = recordings.create(s);
            observers.put(request.stream(), o);
            return o;
          });
      stream.end();
      return new StreamPublisher() {
        @Override
        public void onTag(FlvTag tag) {}

        @Override
        public void onUnpublish(boolean clean) {}
      };
    };
    PublishHandler handler = recordings.publishHandler(registryLike);
    try {
      for (String type : new String[] {"live", "record", "append"}) {
        handler.onPublish(new PublishRequest("live", "cam-" + type, Map.of(),
            new InetSocketAddress("127.0.0.1", 1), "c1", type));
      }
      assertThat(observers.get("cam-live")).isSameAs(StreamObserver.NONE);
      assertThat(observers.get("cam-record")).isInstanceOf(Recorder.class);
      assertThat(observers.get("cam-append")).isInstanceOf(Recorder.class);
      assertThat(recordings.metrics().startedCount()).isEqualTo(2);
      assertThat(dataDir.resolve("recordings")).as("opened on first need").isDirectory();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      recordings.close();
    }
  }
}
