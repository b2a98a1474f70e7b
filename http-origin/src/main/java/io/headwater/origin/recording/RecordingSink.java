package io.headwater.origin.recording;

/**
 * Where a recording's files go besides the local disk, e.g. an object store that other nodes
 * read. A recording's writer thread calls {@link #stored} once a file is written, in the order
 * it writes them (segments before the {@code manifest.json} that lists them); it must only queue
 * work and never throw.
 */
@FunctionalInterface
public interface RecordingSink {
  /**
   * A file of the recording is on disk: {@code name} is its path inside the recording's
   * directory ({@code v/EPOCH-3.m4s}, {@code a/EPOCH-init.mp4}, {@code manifest.json}). The
   * array is not modified afterwards.
   */
  void stored(String name, byte[] bytes);

  /** Copies nothing anywhere. */
  RecordingSink NONE = (name, bytes) -> { };

  /** Opens the sink of a new recording. */
  @FunctionalInterface
  interface Factory {
    RecordingSink open(RecordingId id);
  }
}
