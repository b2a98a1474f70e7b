package io.headwater.origin.pipeline;

import io.headwater.storage.StoredSegment;
import java.time.Duration;
import java.util.Optional;

/**
 * A stream observer that keeps every CMAF init segment and segment of the stream on disk, so
 * that the stream's own live playlists and MPD may list a time-shift (DVR) window far longer than
 * the segments kept in memory: what memory has released is read back from the observer's files
 * under the same URLs.
 */
public interface TimeShiftObserver extends StreamObserver {
  /**
   * How much the live playlists list: the segments that end within this window of the newest, or
   * the whole event (an {@code EXT-X-PLAYLIST-TYPE:EVENT} playlist) when zero.
   */
  Duration window();

  /**
   * The sequence number up to which every segment's files are stored (and stay readable while the
   * stream lives); -1 before the first. Safe from any thread.
   */
  long storedThrough();

  /**
   * Whether the observer stores nothing more (its disk failed, or it finished): memory then stops
   * waiting for it before releasing segments. Safe from any thread.
   */
  boolean stopped();

  /**
   * Reads an init segment or segment by its live name (e.g. {@code v/EPOCH-12.m4s}); empty when
   * it is not stored. Blocking file I/O: call it off the HTTP I/O threads.
   */
  Optional<StoredSegment> read(String name);
}
