package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.origin.Tools;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A low-latency stream's memory: every finished object off the heap, and the LL-HLS parts of a
 * finished segment held as slices of it (a CMAF segment is its parts' chunks, RFC 8216bis
 * 4.4.4.9), so that those bytes are in memory once; the open segment's parts stay on the heap as
 * the muxer wrote them until then. What a player downloads does not change.
 */
class LiveStreamPartBytesTest {
  private static final Pattern PART = Pattern.compile("(v|a)/ep1-(\\d+)\\.(\\d+)\\.m4s");

  private final InMemorySegmentStore store = new InMemorySegmentStore(Clock.systemUTC());
  private final LiveStream stream = new LiveStream("live", "cam", "ep1",
      new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30), Duration.ofMinutes(5),
          Duration.ofMillis(340)), store, Clock.systemUTC());

  @Test
  void aFinishedSegmentsPartsShareItsBytesOffTheHeap() throws Exception {
    try (InputStream in = new BufferedInputStream(
        Files.newInputStream(Tools.sample("h264-baseline-aac.flv")))) {
      new FlvDemuxer(stream.attachPublisher()).demuxAll(new FlvReader(in));
    }

    // Parts by segment ("v/ep1-7.m4s" -> its parts' names in part order).
    Map<String, TreeMap<Integer, String>> parts = new TreeMap<>();
    for (String name : store.list("live/cam", "")) {
      Matcher m = PART.matcher(name);
      if (m.matches()) {
        parts.computeIfAbsent(m.group(1) + "/ep1-" + m.group(2) + ".m4s", k -> new TreeMap<>())
            .put(Integer.parseInt(m.group(3)), name);
      }
    }
    long sharedBytes = 0;
    int finished = 0;
    for (Map.Entry<String, TreeMap<Integer, String>> e : parts.entrySet()) {
      StoredSegment segment = store.get(key(e.getKey())).orElse(null);
      if (segment == null) {
        continue; // the segment still being written: its parts hold their own bytes
      }
      finished++;
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (String partName : e.getValue().values()) {
        StoredSegment part = store.get(key(partName)).orElseThrow();
        assertThat(part.isDirect()).as(partName + " off the heap").isTrue();
        joined.writeBytes(part.bytes());
        sharedBytes += part.sizeBytes();
      }
      assertThat(joined.toByteArray()).as("the parts of " + e.getKey() + ", one after another")
          .isEqualTo(bytes(segment.body()));
    }
    assertThat(finished).as("finished segments whose parts are still listed").isGreaterThan(2);

    // Parts of the open segment hold their own bytes, on the heap as the muxer wrote them, until
    // the segment is finished and copied off the heap once.
    long openParts = 0;
    for (Map.Entry<String, TreeMap<Integer, String>> e : parts.entrySet()) {
      if (store.get(key(e.getKey())).isEmpty()) {
        for (String partName : e.getValue().values()) {
          StoredSegment part = store.get(key(partName)).orElseThrow();
          assertThat(part.isDirect()).as(partName + " of the open segment, on the heap")
              .isFalse();
          openParts += part.sizeBytes();
        }
      }
    }
    assertThat(openParts).as("the open segment's parts").isPositive();
    assertThat(store.directBytes()).as("memory holds each finished segment's bytes once")
        .isEqualTo(store.totalBytes() - sharedBytes - openParts);
    for (String name : List.of("ts/", "v/", "a/")) {
      assertThat(store.list("live/cam", name)).as(name).isNotEmpty();
    }
  }

  private static SegmentKey key(String name) {
    return new SegmentKey("live/cam", name);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
