package io.headwater.origin.recording;

import io.headwater.packager.codec.aac.AudioSpecificConfigs;
import io.headwater.packager.codec.h264.AvcDecoderConfigurationRecord;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import io.headwater.origin.pipeline.StreamFormatsAt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a recording holds, as {@code manifest.json} next to its segments: enough to write its VOD
 * playlists and MPD with the manifest module's writers. The recorder rewrites it atomically after
 * each segment whose files are written, so after a crash it lists exactly the complete segments.
 * Serialized by Jackson; byte arrays become base64.
 *
 * @param formatVersion the layout version of this file, {@link #FORMAT_VERSION}
 * @param app the RTMP application
 * @param stream the stream name
 * @param epoch the stream's epoch (the token in every segment name)
 * @param startedMillis when recording started (epoch milliseconds)
 * @param updatedMillis when this manifest was written
 * @param ended whether the stream ended and the recorder finished cleanly
 * @param targetDurationSeconds the stream's EXT-X-TARGETDURATION
 * @param periods the codec configurations, one per period (a new one after a format change)
 * @param segments the recorded segments, in order
 */
public record RecordingManifest(
    int formatVersion,
    String app,
    String stream,
    String epoch,
    long startedMillis,
    long updatedMillis,
    boolean ended,
    int targetDurationSeconds,
    List<Period> periods,
    List<Segment> segments) {
  public static final int FORMAT_VERSION = 1;

  public RecordingManifest {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(epoch, "epoch");
    periods = List.copyOf(periods == null ? List.of() : periods);
    segments = List.copyOf(segments == null ? List.of() : segments);
  }

  /**
   * The codec configuration from one segment on.
   *
   * @param firstSequenceNumber the first segment of the period
   * @param avcDecoderConfigurationRecord the video's avcC body, or null without video
   * @param audioSpecificConfig the audio's AudioSpecificConfig, or null without audio
   */
  public record Period(long firstSequenceNumber, byte[] avcDecoderConfigurationRecord,
      byte[] audioSpecificConfig) {}

  /**
   * One recorded segment ({@link SegmentEntry} without the TS size).
   *
   * @param sequenceNumber its number
   * @param start90k its start on the stream's 90 kHz timeline
   * @param duration90k its duration
   * @param programDateTimeMillis its wall-clock start
   * @param discontinuity whether a timing break precedes it
   * @param independent whether it starts with a keyframe
   * @param tracks its CMAF track segments
   */
  public record Segment(long sequenceNumber, long start90k, long duration90k,
      long programDateTimeMillis, boolean discontinuity, boolean independent,
      List<TrackSegment> tracks) {
    public Segment {
      tracks = List.copyOf(tracks == null ? List.of() : tracks);
    }

    static Segment of(SegmentEntry e) {
      return new Segment(e.sequenceNumber(), e.start90k(), e.duration90k(),
          e.programDateTime().toEpochMilli(), e.discontinuity(), e.independent(), e.tracks());
    }

    SegmentEntry toEntry() {
      return new SegmentEntry(sequenceNumber, start90k, duration90k,
          Instant.ofEpochMilli(programDateTimeMillis), discontinuity, independent, 0, tracks);
    }
  }

  /** The period to record for {@code formats}. */
  static Period periodOf(StreamFormatsAt formats) {
    return new Period(formats.firstSequenceNumber(),
        formats.video() == null ? null : formats.video().config().privateData(),
        formats.audio() == null ? null : formats.audio().config().privateData());
  }

  /** The recorded media time in 90 kHz ticks: the sum of the segment durations. */
  public long duration90k() {
    long sum = 0;
    for (Segment s : segments) {
      sum += s.duration90k();
    }
    return sum;
  }

  /** Size of the recorded CMAF segments (not the init segments) in bytes. */
  public long mediaBytes() {
    long sum = 0;
    for (Segment s : segments) {
      for (TrackSegment t : s.tracks()) {
        sum += t.sizeBytes();
      }
    }
    return sum;
  }

  /**
   * The recording as a timeline snapshot, every segment listed; {@code ended} adds EXT-X-ENDLIST
   * (and makes the MPD static).
   */
  public TimelineSnapshot snapshot(boolean asEnded) {
    List<SegmentEntry> entries = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      entries.add(s.toEntry());
    }
    return new TimelineSnapshot(epoch, targetDurationSeconds, entries, 0, asEnded,
        Instant.ofEpochMilli(updatedMillis), segments.size());
  }

  /**
   * The formats in force at segment {@code sequenceNumber}, parsed from the recorded codec
   * configurations.
   *
   * @throws IllegalStateException when the manifest has no period for it or a configuration does
   *     not parse (a damaged file)
   */
  public StreamFormatsAt formatsAt(long sequenceNumber) {
    Period found = null;
    for (Period p : periods) {
      if (p.firstSequenceNumber() <= sequenceNumber) {
        found = p;
      }
    }
    if (found == null) {
      throw new IllegalStateException("recording " + epoch + " has no formats for segment "
          + sequenceNumber);
    }
    try {
      TrackFormat video = found.avcDecoderConfigurationRecord() == null ? null
          : TrackFormat.h264(AvcDecoderConfigurationRecord.parse(
              found.avcDecoderConfigurationRecord()));
      TrackFormat audio = found.audioSpecificConfig() == null ? null
          : TrackFormat.aac(AudioSpecificConfigs.parse(found.audioSpecificConfig()));
      return new StreamFormatsAt(found.firstSequenceNumber(), video, audio);
    } catch (MalformedMediaException | RuntimeException e) {
      throw new IllegalStateException("recording " + epoch + " has a damaged codec "
          + "configuration at segment " + found.firstSequenceNumber() + ": " + e.getMessage(), e);
    }
  }
}
