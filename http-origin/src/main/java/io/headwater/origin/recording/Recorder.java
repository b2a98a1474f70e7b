package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.AtomicFiles;
import io.headwater.storage.Durability;
import io.headwater.storage.FileSegmentStore;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Records one stream: every CMAF init segment and segment goes to {@code
 * recordings/APP/STREAM/EPOCH/} as the pipeline stores it, and {@code manifest.json} is rewritten
 * atomically after each complete segment (so it lists only segments whose files are on disk).
 * MPEG-TS segments are not recorded: VOD is served as CMAF. The pipeline's calls only queue work
 * for the recording's writer thread; the manifest's state lives on that thread alone.
 */
final class Recorder implements StreamObserver {
  /** The manifest's name inside a recording's directory. */
  static final String MANIFEST = "manifest.json";

  private final FileSegmentStore store;
  private final String streamKey;
  private final String app;
  private final String stream;
  private final String epoch;
  private final Durability durability;
  private final ObjectMapper json;
  private final Clock clock;
  private final RecordingMetrics metrics;
  private final RecordingWriter writer;
  /** Gets every file once it is on disk (an object store on an ingest node of a cluster). */
  private final RecordingSink sink;
  private final long startedMillis;
  // Confined to the writer thread.
  private final List<RecordingManifest.Period> periods = new ArrayList<>();
  private final List<RecordingManifest.Segment> segments = new ArrayList<>();
  private int targetDurationSeconds;
  /** Every segment up to this number has its files and its manifest entry on disk. */
  private volatile long storedThrough = -1;

  Recorder(FileSegmentStore store, String app, String stream, String epoch,
      RecordingSettings settings, ObjectMapper json, Clock clock, RecordingMetrics metrics,
      Runnable onFinish, BooleanSupplier streamEnded) {
    this(store, app, stream, epoch, settings, json, clock, metrics, onFinish, streamEnded,
        RecordingSink.NONE);
  }

  Recorder(FileSegmentStore store, String app, String stream, String epoch,
      RecordingSettings settings, ObjectMapper json, Clock clock, RecordingMetrics metrics,
      Runnable onFinish, BooleanSupplier streamEnded, RecordingSink sink) {
    this.sink = sink;
    this.store = store;
    this.app = app;
    this.stream = stream;
    this.streamKey = app + "/" + stream;
    this.epoch = epoch;
    this.durability = settings.durability();
    this.json = json;
    this.clock = clock;
    this.metrics = metrics;
    this.startedMillis = clock.millis();
    this.writer = new RecordingWriter("app=" + app + " stream=" + stream + " epoch=" + epoch,
        settings.maxQueuedBytes(), metrics, onFinish, streamEnded);
  }

  /** The recording's directory name under {@code APP/STREAM/}. */
  String epoch() {
    return epoch;
  }

  @Override
  public void onObject(String name, byte[] bytes) {
    if (!name.endsWith(".m4s") && !name.endsWith(".mp4")) {
      return;
    }
    // Stored objects are immutable once put (SegmentStore.put hands the array over), so the
    // queue shares the pipeline's array: a lagging disk costs its bytes once, not twice.
    SegmentKey key = new SegmentKey(streamKey, epoch + "/" + name);
    writer.submit(() -> {
      store.put(key, bytes);
      metrics.wrote(bytes.length);
      sink.stored(name, bytes);
    }, bytes.length);
  }

  @Override
  public void onSegment(SegmentEntry entry, StreamFormatsAt formats, TimelineSnapshot snapshot) {
    RecordingManifest.Segment segment = RecordingManifest.Segment.of(entry);
    int td = snapshot.targetDurationSeconds();
    writer.submit(() -> {
      if (periods.isEmpty()
          || periods.get(periods.size() - 1).firstSequenceNumber() != formats.firstSequenceNumber()) {
        periods.add(RecordingManifest.periodOf(formats));
      }
      segments.add(segment);
      targetDurationSeconds = td;
      writeManifest(false);
      storedThrough = segment.sequenceNumber();
    }, 0);
  }

  @Override
  public void onEnd(TimelineSnapshot last) {
    writer.finish(() -> {
      if (!segments.isEmpty()) {
        writeManifest(true);
      }
    });
  }

  private void writeManifest(boolean ended) throws java.io.IOException {
    RecordingManifest manifest = new RecordingManifest(RecordingManifest.FORMAT_VERSION, app,
        stream, epoch, startedMillis, clock.millis(), ended, targetDurationSeconds, periods,
        segments);
    byte[] bytes = json.writeValueAsBytes(manifest);
    AtomicFiles.write(store.pathOf(new SegmentKey(streamKey, epoch + "/" + MANIFEST)), bytes,
        durability);
    metrics.wrote(bytes.length);
    sink.stored(MANIFEST, bytes);
  }

  /** The sequence number up to which every segment is on disk; -1 before the first. */
  long storedThrough() {
    return storedThrough;
  }

  /** Whether the recording stores nothing more: its writer failed or finished. */
  boolean stopped() {
    return writer.hasFailed() || writer.isFinished();
  }

  /** Reads a recorded object by its live name ({@code v/EPOCH-12.m4s}); blocking file I/O. */
  Optional<StoredSegment> read(String name) {
    return store.get(new SegmentKey(streamKey, epoch + "/" + name));
  }

  /** Makes the writer stop soon if the stream ended without a segment. */
  void nudge() {
    writer.nudge();
  }

  /** Waits up to {@code timeoutMillis} for the writer to finish its queue. */
  boolean awaitFinished(long timeoutMillis) throws InterruptedException {
    return writer.awaitFinished(timeoutMillis);
  }
}
