package io.headwater.origin.cluster;

import io.headwater.origin.http.Manifests;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.s3.ObjectMetadata;
import io.headwater.storage.s3.S3ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes one stream to the object store as an ingest node serves it: every init segment and
 * segment, then, after each segment, the manifests of the view that first lists it (so a stored
 * playlist never names an object not yet stored), and the stream registry object at most every
 * refresh interval (also from the cluster's heartbeat, {@link #heartbeat}) and at the end. All
 * other work runs on the stream's {@link Uploader.Lane}; the
 * calls here, made on the stream's ingest thread, only queue it.
 *
 * <p>With low latency, {@link LowLatencyUploads} writes the parts and the CMAF media playlists
 * as they change, from the first view that lists a segment on; the manifests written here after
 * each segment are then the others (MPEG-TS playlist, multivariant playlist, MPD without its
 * low-latency attributes), queued by it behind the playlists of the view that lists the segment.
 */
final class StoreWriter implements StreamObserver {
  /** How long a task waits for the view that lists its segment (published right after). */
  private static final long VIEW_WAIT_MILLIS = 5_000;

  private final LiveStream stream;
  private final S3ObjectStore store;
  private final Uploader.Lane lane;
  private final Manifests manifests;
  private final Clock clock;
  private final String nodeUrl;
  private final long refreshMillis;
  private final Runnable onFinished;
  private final LowLatencyUploads lowLatency;
  private final InitRefresh initRefresh = new InitRefresh();
  /** Guards the registry object's writes: the lane's and the heartbeat's. */
  private final Object recordLock = new Object();
  private long lastRecordMillis = Long.MIN_VALUE;
  private int targetDurationSeconds;
  private boolean ended;

  StoreWriter(LiveStream stream, S3ObjectStore store, Uploader.Lane lane, Manifests manifests,
      Clock clock, String nodeUrl, long refreshMillis, Runnable onFinished,
      LowLatencyUploads.Factory lowLatency) {
    this.stream = stream;
    this.store = store;
    this.lane = lane;
    this.manifests = manifests;
    this.clock = clock;
    this.nodeUrl = nodeUrl;
    this.refreshMillis = refreshMillis;
    this.onFinished = onFinished;
    this.lowLatency = lowLatency.create(this::queueManifests);
  }

  @Override
  public void onObject(String name, byte[] bytes) {
    // The pipeline hands over the array and never modifies it (SegmentStore.put): no copy.
    initRefresh.written(name, bytes, clock.millis());
    upload(name, bytes);
  }

  private void upload(String name, byte[] bytes) {
    String key = ObjectKeys.media(stream.path(), name);
    lane.submit(name, bytes.length, () -> {
      store.put(key, bytes, ObjectMetadata.forName(name));
      return bytes.length;
    });
  }

  @Override
  public void onSegment(SegmentEntry entry, StreamFormatsAt formats, TimelineSnapshot snapshot) {
    if (lowLatency.following()) {
      return; // queued by the follower right after the LL-HLS playlists that list the segment
    }
    StreamView before = stream.view();
    long seq = entry.sequenceNumber();
    lane.submit("manifests after segment " + seq, 4096, () -> {
      Optional<StreamView> view = viewListing(before, seq);
      if (view.isEmpty()) {
        return 0;
      }
      lowLatency.startFrom(view.get());
      return writeManifests(view.get(), !view.get().lowLatency().enabled())
          + writeRecord(view.get().snapshot().targetDurationSeconds(), "live", true);
    });
  }

  @Override
  public void onEnd(TimelineSnapshot last) {
    StreamView finalView = stream.view(); // the ended view was published before onEnd
    boolean queued = lane.submit("final manifests", 4096, () -> {
      try {
        if (finalView == null || finalView.snapshot().segments().isEmpty()) {
          return 0;
        }
        return writeManifests(finalView, true)
            + writeRecord(finalView.snapshot().targetDurationSeconds(), "ended", false);
      } finally {
        onFinished.run();
      }
    });
    if (!queued) {
      onFinished.run();
    }
  }

  /**
   * Queues the manifests other than the LL-HLS playlists (and the registry object) for {@code
   * view}, the first to list a new segment, on a low-latency stream: called by {@link
   * LowLatencyUploads} after it queued the parts and playlists of that view, so that at a segment
   * boundary the next parts wait for no more than the segment's own objects.
   */
  void queueManifests(StreamView view) {
    lane.submit("manifests of view " + view.version(), 4096, () -> writeManifests(view, false)
        + writeRecord(view.snapshot().targetDurationSeconds(), "live", true));
  }

  /**
   * The first view from {@code before} on that lists segment {@code seq}: views form a chain
   * ({@link StreamView#next()}), and the pipeline publishes the one listing a new segment right
   * after telling its observers.
   */
  private Optional<StreamView> viewListing(StreamView before, long seq) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VIEW_WAIT_MILLIS);
    StreamView v = before;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      if (v == null) {
        v = stream.view();
        if (v == null) {
          Thread.sleep(5); // only before the stream's first view exists
          continue;
        }
      }
      TimelineSnapshot s = v.snapshot();
      if (!s.segments().isEmpty() && s.lastSegment().sequenceNumber() >= seq) {
        return Optional.of(v);
      }
      try {
        v = v.next().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * Media playlists first (the CMAF ones unless {@code cmafPlaylists} is false: low-latency
   * streams have theirs written as parts appear), then the multivariant playlist and the MPD
   * that point at them.
   */
  private long writeManifests(StreamView v, boolean cmafPlaylists) {
    long written = 0;
    for (int trackId : new int[] {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID}) {
      if (cmafPlaylists) {
        written += put(SegmentNames.cmafPlaylist(trackId),
            manifests.cmafPlaylist(v, trackId));
      }
    }
    written += put(SegmentNames.TS_PLAYLIST, manifests.tsPlaylist(v));
    written += put(SegmentNames.MULTIVARIANT_PLAYLIST, manifests.multivariant(v));
    written += put(SegmentNames.MPD, manifests.mpd(v, ObjectKeys.TIME_PLACEHOLDER)
        .map(LowLatencyTags::stripMpd));
    return written;
  }

  private long put(String name, Optional<String> text) {
    if (text.isEmpty()) {
      return 0;
    }
    byte[] bytes = text.get().getBytes(StandardCharsets.UTF_8);
    store.put(ObjectKeys.media(stream.path(), name), bytes, ObjectMetadata.forName(name));
    return bytes.length;
  }

  /**
   * Rewrites the registry object while the stream is live, so that origin nodes can tell a live
   * stream from one whose ingest node died: called every refresh interval from the cluster's
   * heartbeat thread, whether segments arrive or not (a publisher may be reconnecting). Every
   * twelve hours it also queues the stream's init segments again ({@link InitRefresh}).
   */
  void heartbeat() {
    int td;
    synchronized (recordLock) {
      if (lastRecordMillis == Long.MIN_VALUE || ended) {
        return; // not announced yet (no segment), or over
      }
      td = targetDurationSeconds;
    }
    writeRecord(td, "live", true);
    for (InitRefresh.Init init : initRefresh.due(clock.millis())) {
      upload(init.name(), init.bytes());
    }
  }

  /**
   * Writes the registry object; {@code ifDue} skips it when it was written less than a refresh
   * interval ago. After {@code ended}, nothing more is written.
   */
  private long writeRecord(int targetDuration, String state, boolean ifDue) {
    synchronized (recordLock) {
      long now = clock.millis();
      if (ended || (ifDue && lastRecordMillis != Long.MIN_VALUE
          && now - lastRecordMillis < refreshMillis)) {
        return 0;
      }
      StreamRecord record = new StreamRecord(stream.app(), stream.name(), stream.epoch(),
          nodeUrl, state, targetDuration, now);
      byte[] bytes = record.toJson();
      store.put(ObjectKeys.registry(stream.path()), bytes, ObjectMetadata.forName("stream.json"));
      lastRecordMillis = now;
      targetDurationSeconds = targetDuration;
      ended = record.ended();
      return bytes.length;
    }
  }
}
