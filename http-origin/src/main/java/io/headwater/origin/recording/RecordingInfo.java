package io.headwater.origin.recording;

import java.time.Instant;

/**
 * One recording as {@code /api/recordings} lists it and retention weighs it.
 *
 * @param id which recording
 * @param manifest its manifest as last written
 * @param sizeBytes bytes on disk (segments, init segments and manifest)
 * @param active whether it is being written now
 */
public record RecordingInfo(RecordingId id, RecordingManifest manifest, long sizeBytes,
    boolean active) {
  public Instant start() {
    return Instant.ofEpochMilli(manifest.startedMillis());
  }

  /** Recorded media time in seconds. */
  public double durationSeconds() {
    return manifest.duration90k() / 90_000.0;
  }
}
