package io.headwater.origin.cluster;

import io.headwater.origin.recording.RecordingId;
import io.headwater.storage.SegmentKey;

/**
 * Where a cluster keeps what in the bucket, below the configured prefix:
 *
 * <pre>
 * media/APP/STREAM/NAME        the object the origin serves at /APP/STREAM/NAME
 * streams/APP/STREAM.json      the stream registry object: who ingests it, its epoch, its state
 * recordings/APP/STREAM/EPOCH/ a recording: manifest.json, v/ and a/ init segments and segments
 * </pre>
 */
public final class ObjectKeys {
  /** The key prefix of media objects (segments, init segments, playlists, MPDs). */
  public static final String MEDIA = "media/";
  /** The key prefix of stream registry objects. */
  public static final String STREAMS = "streams/";
  /** The key prefix of recordings, laid out as in the recordings directory of a node. */
  public static final String RECORDINGS = "recordings/";
  /**
   * The DASH UTCTiming URL written into stored MPDs; origin nodes replace it with their own
   * {@code /time} URL as they serve the MPD, since every node answers for its own clock.
   */
  public static final String TIME_PLACEHOLDER = "http://headwater-node.invalid/time";

  private ObjectKeys() {}

  /** The key of the media object {@code name} of {@code stream} ("app/stream"). */
  public static String media(String stream, String name) {
    SegmentKey key = new SegmentKey(stream, name); // validates both before they touch a key
    return MEDIA + key.stream() + "/" + key.name();
  }

  /**
   * The key of the file {@code name} ({@code manifest.json}, {@code v/EPOCH-3.m4s}) of the
   * recording {@code id}.
   */
  public static String recording(RecordingId id, String name) {
    SegmentKey key = new SegmentKey(id.streamKey(), id.epoch() + "/" + name); // validates both
    return RECORDINGS + key.stream() + "/" + key.name();
  }

  /** The key of the registry object of {@code stream} ("app/stream"). */
  public static String registry(String stream) {
    return STREAMS + SegmentKey.validateStream(stream) + ".json";
  }
}
