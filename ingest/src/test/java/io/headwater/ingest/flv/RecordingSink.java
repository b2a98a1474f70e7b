package io.headwater.ingest.flv;

import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.util.ArrayList;
import java.util.List;

/** Test sink: keeps every call, in order, as a readable event list plus typed lists. */
final class RecordingSink implements MediaSink {
  final List<String> events = new ArrayList<>();
  final List<TrackFormat> formats = new ArrayList<>();
  final List<Sample> videoSamples = new ArrayList<>();
  final List<Sample> audioSamples = new ArrayList<>();
  final List<boolean[]> declaredTracks = new ArrayList<>();
  int discontinuities;

  @Override
  public void onDeclaredTracks(boolean hasVideo, boolean hasAudio) {
    declaredTracks.add(new boolean[] {hasVideo, hasAudio});
    events.add("declared video=" + hasVideo + " audio=" + hasAudio);
  }

  @Override
  public void onFormat(TrackFormat format) {
    formats.add(format);
    events.add("format " + format.trackId() + " " + format.config().codecString());
  }

  @Override
  public void onSample(Sample sample) {
    (sample.trackId() == TrackFormat.VIDEO_TRACK_ID ? videoSamples : audioSamples).add(sample);
    events.add("sample " + sample.trackId() + " " + sample.dtsTicks());
  }

  @Override
  public void onDiscontinuity() {
    discontinuities++;
    events.add("discontinuity");
  }
}
