package io.headwater.origin.cluster;

import io.headwater.origin.http.Manifests;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.LowLatencyView;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.StoredSegment;
import io.headwater.storage.s3.ObjectMetadata;
import io.headwater.storage.s3.S3ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what an LL-HLS player needs to the object store: every part a view of the stream lists
 * and, after its parts, the track's media playlist as the ingest node serves it (RFC 8216bis
 * 4.4.4.9 EXT-X-PART, 4.4.5.3 EXT-X-PRELOAD-HINT, 4.4.3.8 EXT-X-SERVER-CONTROL, 4.4.5.4
 * EXT-X-RENDITION-REPORT), so that origin nodes can answer blocking reloads from it.
 *
 * <p>It follows the stream's chain of views ({@link StreamView#next()}). On the thread that
 * publishes a view it only reads the new parts from memory and queues tasks on the stream's
 * ordered lane, parts before the playlist that lists them: a stored playlist never names a part
 * or segment that is not stored yet. A playlist write that a newer one of the same track,
 * queued behind it, supersedes is skipped, so a slow store costs one write per track, not one
 * per view. A part the full queue dropped is never named by a stored playlist: until it leaves
 * the listing, the track's stored playlists lose their LL-HLS tags ({@link LowLatencyTags}).
 * Playlists are stored whole; origin nodes make delta updates from them ({@link DeltaUpdate}).
 */
final class LowLatencyUploads {
  /** Makes the uploads of a stream whose other manifests {@code onNewSegment} queues. */
  @FunctionalInterface
  interface Factory {
    LowLatencyUploads create(java.util.function.Consumer<StreamView> onNewSegment);
  }

  private static final Logger log = LoggerFactory.getLogger(LowLatencyUploads.class);
  private static final int[] TRACKS = {TrackFormat.VIDEO_TRACK_ID, TrackFormat.AUDIO_TRACK_ID};
  /** Queue reservation of a playlist write: the text is rendered when the task runs. */
  private static final int PLAYLIST_BYTES = 8192;

  private final LiveStream stream;
  private final SegmentStore memory;
  private final S3ObjectStore store;
  private final Uploader.Lane lane;
  private final Manifests manifests;
  private final UploadMetrics metrics;
  /** Queues the manifests of a view that lists a new segment, after its LL-HLS playlists. */
  private final java.util.function.Consumer<StreamView> onNewSegment;
  private final AtomicBoolean started = new AtomicBoolean();
  /** The last part queued per track, as {segment sequence, part index}; the follower's only. */
  private final long[][] lastPart = {{-1, -1}, {-1, -1}};
  /** The last complete segment each track's playlist was queued with; the follower's only. */
  private final long[] lastSegment = {-1, -1};
  /** The newest view whose playlist of each track is queued. */
  private final AtomicLong[] queuedVersion = {new AtomicLong(-1), new AtomicLong(-1)};
  /** Parts of each track the full queue dropped, while a playlist may still list them. */
  private final List<Set<String>> droppedParts =
      List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());

  LowLatencyUploads(LiveStream stream, SegmentStore memory, S3ObjectStore store,
      Uploader.Lane lane, Manifests manifests, UploadMetrics metrics,
      java.util.function.Consumer<StreamView> onNewSegment) {
    this.stream = stream;
    this.memory = memory;
    this.store = store;
    this.lane = lane;
    this.manifests = manifests;
    this.metrics = metrics;
    this.onNewSegment = onNewSegment;
  }

  /** Whether it follows the stream's views (low latency, from its first segment on). */
  boolean following() {
    return started.get();
  }

  /**
   * Starts following the views from {@code first} on, once; a stream without low latency is not
   * followed.
   */
  void startFrom(StreamView first) {
    if (first.lowLatency().enabled() && started.compareAndSet(false, true)) {
      follow(first);
    }
  }

  /** Uploads view after view until the chain ends or waits for its next view. */
  private void follow(StreamView view) {
    StreamView v = view;
    while (upload(v)) {
      CompletableFuture<StreamView> next = v.next();
      if (!next.isDone()) {
        next.thenAccept(this::follow); // runs on the thread that publishes the next view
        return;
      }
      v = next.join();
    }
  }

  /** Queues the new parts of {@code v} and the playlists they change; false once it ended. */
  private boolean upload(StreamView v) {
    LowLatencyView ll = v.lowLatency();
    TimelineSnapshot listed = v.listed();
    boolean ended = v.snapshot().ended();
    if (!ll.enabled() || listed.segments().isEmpty()) {
      return !ended;
    }
    long lastComplete = listed.lastSegment().sequenceNumber();
    boolean newSegment = lastComplete > Math.max(lastSegment[0], lastSegment[1]);
    boolean first = lastSegment[0] < 0 && lastSegment[1] < 0;
    for (int i = 0; i < TRACKS.length; i++) {
      int trackId = TRACKS[i];
      if (listed.segments().stream().noneMatch(e -> e.track(trackId) != null)) {
        continue;
      }
      boolean changed = ended || lastComplete != lastSegment[i];
      for (PartEntry p : ll.parts(trackId)) {
        if (p.segmentSequence() < lastPart[i][0]
            || (p.segmentSequence() == lastPart[i][0] && p.partIndex() <= lastPart[i][1])) {
          continue;
        }
        queuePart(listed.epoch(), p, droppedParts.get(i));
        lastPart[i][0] = p.segmentSequence();
        lastPart[i][1] = p.partIndex();
        changed = true;
      }
      lastSegment[i] = lastComplete;
      if (changed) {
        queuePlaylist(v, i);
      }
    }
    if (newSegment && !first && !ended) {
      onNewSegment.accept(v); // the first segment's are queued by the task that started this
    }
    return !ended;
  }

  private void queuePart(String epoch, PartEntry p, Set<String> dropped) {
    String name = SegmentNames.cmafPart(epoch, p.trackId(), p.segmentSequence(), p.partIndex());
    Optional<StoredSegment> bytes = memory.get(new SegmentKey(stream.path(), name));
    if (bytes.isEmpty()) {
      dropped.add(name); // released from memory already: the store will never have it
      return;
    }
    StoredSegment part = bytes.get(); // its bytes off the heap: copied for the upload only
    String key = ObjectKeys.media(stream.path(), name);
    boolean queued = lane.submit(name, part.sizeBytes(), () -> {
      byte[] body = part.bytes();
      store.put(key, body, ObjectMetadata.forName(name));
      metrics.countLowLatencyPut();
      return body.length;
    });
    if (!queued) {
      dropped.add(name);
    }
  }

  private void queuePlaylist(StreamView v, int trackIndex) {
    int trackId = TRACKS[trackIndex];
    String name = SegmentNames.cmafPlaylist(trackId);
    long version = v.version();
    boolean queued = lane.submit("playlist " + name + " of view " + version, PLAYLIST_BYTES,
        () -> {
          if (queuedVersion[trackIndex].get() > version) {
            return 0; // a newer playlist of this track is queued behind this one
          }
          Optional<String> text = manifests.cmafPlaylist(v, trackId)
              .map(p -> forStore(p, droppedParts.get(trackIndex)));
          if (text.isEmpty()) {
            return 0;
          }
          byte[] body = text.get().getBytes(StandardCharsets.UTF_8);
          store.put(ObjectKeys.media(stream.path(), name), body, ObjectMetadata.forName(name));
          metrics.countLowLatencyPut();
          return body.length;
        });
    if (queued) {
      queuedVersion[trackIndex].accumulateAndGet(version, Math::max);
    }
  }

  /** The playlist as stored: without LL-HLS tags while it lists a part the store lacks. */
  private String forStore(String playlist, Set<String> dropped) {
    if (!dropped.isEmpty()) {
      dropped.removeIf(name -> !playlist.contains(name));
      if (!dropped.isEmpty()) {
        log.debug("stored playlist of {} without parts: {} not stored", stream.path(), dropped);
        return LowLatencyTags.strip(playlist);
      }
    }
    return playlist;
  }
}
