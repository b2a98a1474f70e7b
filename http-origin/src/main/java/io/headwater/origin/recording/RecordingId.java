package io.headwater.origin.recording;

import io.headwater.storage.SegmentKey;

/**
 * Names one recording: the stream ({@code app/stream}) and the epoch of the stream's lifetime
 * that was recorded. Validated with the storage key rules before it touches a path.
 *
 * @param app the RTMP application
 * @param stream the stream name
 * @param epoch the epoch token
 */
public record RecordingId(String app, String stream, String epoch) {
  public RecordingId {
    SegmentKey.validateStream(app + "/" + stream);
    new SegmentKey(app + "/" + stream, epoch);
    if (epoch.contains("/")) {
      throw new IllegalArgumentException("epoch '" + epoch + "' has a '/'");
    }
  }

  /** The store's stream key, {@code app/stream}. */
  public String streamKey() {
    return app + "/" + stream;
  }

  /** The URL path of the recording's directory, {@code /vod/app/stream/epoch/}. */
  public String vodBase() {
    return "/vod/" + app + "/" + stream + "/" + epoch + "/";
  }

  @Override
  public String toString() {
    return app + "/" + stream + "/" + epoch;
  }
}
