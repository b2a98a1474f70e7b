package io.headwater.origin.recording;

import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.TimeShiftObserver;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.StoredSegment;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The recorder of a stream whose application has DVR ({@code apps.NAME.dvrWindow} or {@code
 * dvrEvent}): it records as any {@link Recorder} does, and offers the recording to the stream's
 * live playlists as their time-shift window, read back from disk once memory released it.
 */
final class TimeShiftRecorder implements TimeShiftObserver {
  /** What a recording holds besides its manifest: CMAF segments and init segments. */
  private static final Pattern RECORDED = Pattern.compile("[va]/[A-Za-z0-9._-]{1,200}\\.(m4s|mp4)");

  private final Recorder recorder;
  private final Duration window;

  /**
   * @param window the DVR window, or zero for the whole event
   */
  TimeShiftRecorder(Recorder recorder, Duration window) {
    this.recorder = recorder;
    this.window = window;
  }

  @Override
  public Duration window() {
    return window;
  }

  @Override
  public long storedThrough() {
    return recorder.storedThrough();
  }

  @Override
  public boolean stopped() {
    return recorder.stopped();
  }

  @Override
  public Optional<StoredSegment> read(String name) {
    if (!RECORDED.matcher(name).matches() || name.contains("..")) {
      return Optional.empty();
    }
    return recorder.read(name);
  }

  @Override
  public void onObject(String name, byte[] bytes) {
    recorder.onObject(name, bytes);
  }

  @Override
  public void onSegment(SegmentEntry entry, StreamFormatsAt formats, TimelineSnapshot snapshot) {
    recorder.onSegment(entry, formats, snapshot);
  }

  @Override
  public void onEnd(TimelineSnapshot last) {
    recorder.onEnd(last);
  }
}
