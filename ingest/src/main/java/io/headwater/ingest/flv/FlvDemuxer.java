package io.headwater.ingest.flv;

import io.headwater.ingest.rtmp.amf.Amf0Reader;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfBoolean;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfNumber;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.packager.codec.aac.AudioSpecificConfigs;
import io.headwater.packager.codec.h264.AvcDecoderConfigurationRecord;
import io.headwater.packager.codec.h264.NalUnits;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns FLV tags (from a file or an RTMP publish) into the media model: track formats from the
 * sequence headers, samples with 90 kHz video times and sample-counted audio times, declared
 * tracks from {@code onMetaData}, and discontinuities where the timestamps jump.
 *
 * <p>Video: H.264 only (FLV spec E.4.3.1); keyframes are the access units holding an IDR slice.
 * Audio: AAC only (E.4.2.1); each frame's decode time continues the previous one by 1024 samples
 * and is re-anchored to the tag's timestamp only after a gap or jump. One instance per stream,
 * on the publisher's thread; not thread-safe.
 */
public final class FlvDemuxer {
  private static final Logger LOG = LoggerFactory.getLogger(FlvDemuxer.class);

  /** A timestamp this far behind its track's previous one starts a new timing sequence. */
  static final long MAX_BACKWARD_STEP_MS = 500;
  /** A timestamp this far ahead of its track's previous one starts a new timing sequence. */
  static final long MAX_FORWARD_STEP_MS = 10_000;
  /** Video ticks per millisecond: FLV milliseconds to the 90 kHz video timescale. */
  private static final int VIDEO_TICKS_PER_MS = TrackFormat.VIDEO_TIMESCALE / 1000;

  private final MediaSink sink;

  private byte[] avcRecord;
  private AvcConfig avcConfig;
  private byte[] audioSpecificConfig;
  private AacConfig aacConfig;

  private final TrackClock videoClock = new TrackClock();
  private final TrackClock audioClock = new TrackClock();
  /** Decode time of the next AAC frame in samples, or {@link Long#MIN_VALUE} to re-anchor. */
  private long nextAudioDtsTicks = Long.MIN_VALUE;

  private long droppedSamples;
  private long discontinuities;

  /** A demuxer that delivers everything to {@code sink}. */
  public FlvDemuxer(MediaSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Reads every tag of {@code reader} into this demuxer; returns the number of tags. */
  public long demuxAll(FlvReader reader) throws IOException, MalformedMediaException {
    long tags = 0;
    for (FlvTag tag = reader.next(); tag != null; tag = reader.next()) {
      onTag(tag);
      tags++;
    }
    return tags;
  }

  /** Handles one tag; unknown tag types are skipped. */
  public void onTag(FlvTag tag) throws MalformedMediaException {
    switch (tag.type()) {
      case FlvTag.VIDEO:
        onVideo(tag);
        break;
      case FlvTag.AUDIO:
        onAudio(tag);
        break;
      case FlvTag.SCRIPT_DATA:
        onScriptData(tag);
        break;
      default:
        LOG.debug("skipping FLV tag of type {} at {} ms", tag.type(), tag.timestampMs());
    }
  }

  /** Samples dropped so far: media before its sequence header, and empty packets. */
  public long droppedSampleCount() {
    return droppedSamples;
  }

  /** Discontinuities signalled so far. */
  public long discontinuityCount() {
    return discontinuities;
  }

  private void onVideo(FlvTag tag) throws MalformedMediaException {
    byte[] body = tag.body();
    VideoTagHeader header = VideoTagHeader.parse(body);
    switch (header.avcPacketType()) {
      case VideoTagHeader.SEQUENCE_HEADER: {
        byte[] record = Arrays.copyOfRange(body, header.dataOffset(), body.length);
        if (record.length == 0) {
          // ffmpeg's FLV muxer sends an empty sequence header when the encoder's configuration
          // is not known at header time (tee outputs, some live encodes) and the real one with
          // the first packet; an empty one announces nothing.
          LOG.debug("ignoring an empty AVC sequence header at {} ms", tag.timestampMs());
          break;
        }
        if (!Arrays.equals(record, avcRecord)) {
          avcConfig = AvcDecoderConfigurationRecord.parse(record);
          avcRecord = record;
          LOG.debug("H.264 format {} {}x{}", avcConfig.codecString(), avcConfig.width(),
              avcConfig.height());
          sink.onFormat(TrackFormat.h264(avcConfig));
        }
        break;
      }
      case VideoTagHeader.NALU:
        onVideoSample(tag, header);
        break;
      default: // end of sequence, command frames: nothing to deliver
        break;
    }
  }

  private void onVideoSample(FlvTag tag, VideoTagHeader header) throws MalformedMediaException {
    byte[] body = tag.body();
    int payloadBytes = body.length - header.dataOffset();
    if (avcConfig == null || payloadBytes == 0) {
      droppedSamples++;
      LOG.debug("dropping video at {} ms: {}", tag.timestampMs(),
          avcConfig == null ? "no sequence header yet" : "no NAL units");
      return;
    }
    // The sample views the tag body behind its header: the message bytes reassembled from the
    // socket are the sample's bytes, with no copy between the chunk layer and the muxers.
    boolean idr = containsIdrSlice(body, header.dataOffset(), payloadBytes);
    boolean flaggedKey = header.frameType() == VideoTagHeader.FRAME_TYPE_KEY;
    if (idr != flaggedKey) {
      LOG.debug("video at {} ms: FrameType {} but {} IDR slice; trusting the NAL units",
          tag.timestampMs(), header.frameType(), idr ? "an" : "no");
    }
    checkContinuity(videoClock, audioClock, tag.timestampMs(), "video");
    sink.onSample(new Sample(TrackFormat.VIDEO_TRACK_ID, tag.timestampMs() * VIDEO_TICKS_PER_MS,
        header.compositionTimeMs() * VIDEO_TICKS_PER_MS, idr,
        ByteBuffer.wrap(body, header.dataOffset(), payloadBytes).slice()));
  }

  /** Whether the AVCC bytes {@code body[offset, offset + length)} hold an IDR slice (type 5). */
  private boolean containsIdrSlice(byte[] body, int offset, int length)
      throws MalformedMediaException {
    boolean[] idr = {false};
    NalUnits.forEach(body, offset, length, avcConfig.nalLengthSize(), (type, data, at, size) -> {
      if (type == NalUnits.TYPE_IDR) {
        idr[0] = true;
      }
    });
    return idr[0];
  }

  private void onAudio(FlvTag tag) throws MalformedMediaException {
    byte[] body = tag.body();
    AudioTagHeader header = AudioTagHeader.parse(body);
    int payloadBytes = body.length - header.dataOffset();
    if (header.aacPacketType() == AudioTagHeader.SEQUENCE_HEADER) {
      byte[] payload = Arrays.copyOfRange(body, header.dataOffset(), body.length);
      if (payload.length == 0) {
        LOG.debug("ignoring an empty AAC sequence header at {} ms", tag.timestampMs());
        return;
      }
      if (!Arrays.equals(payload, audioSpecificConfig)) {
        aacConfig = AudioSpecificConfigs.parse(payload);
        audioSpecificConfig = payload;
        nextAudioDtsTicks = Long.MIN_VALUE; // a new rate: count afresh from the next frame
        LOG.debug("AAC format {} {} Hz {} channels", aacConfig.codecString(),
            aacConfig.sampleRate(), aacConfig.channels());
        sink.onFormat(TrackFormat.aac(aacConfig));
      }
      return;
    }
    if (aacConfig == null || payloadBytes == 0) {
      droppedSamples++;
      LOG.debug("dropping audio at {} ms: {}", tag.timestampMs(),
          aacConfig == null ? "no sequence header yet" : "empty frame");
      return;
    }
    checkContinuity(audioClock, videoClock, tag.timestampMs(), "audio");
    sink.onSample(new Sample(TrackFormat.AUDIO_TRACK_ID, audioDtsTicks(tag.timestampMs()),
        /* compositionOffsetTicks= */ 0, /* keyframe= */ true,
        ByteBuffer.wrap(body, header.dataOffset(), payloadBytes).slice()));
  }

  /**
   * The decode time of the AAC frame whose tag says {@code timestampMs}: the previous frame's
   * plus 1024 samples, unless that drifted from the tag by more than max(2 frames, 100 ms).
   */
  private long audioDtsTicks(long timestampMs) {
    int sampleRate = aacConfig.sampleRate();
    long tagTicks = Math.floorDiv(timestampMs * sampleRate + 500, 1000);
    if (nextAudioDtsTicks == Long.MIN_VALUE) {
      nextAudioDtsTicks = tagTicks;
    } else {
      long toleranceTicks = Math.max(2L * AacConfig.SAMPLES_PER_FRAME, sampleRate / 10);
      long driftTicks = nextAudioDtsTicks - tagTicks;
      if (Math.abs(driftTicks) > toleranceTicks) {
        LOG.debug("audio at {} ms drifted {} samples from the counted time; resynchronising",
            timestampMs, driftTicks);
        nextAudioDtsTicks = tagTicks;
      }
    }
    long dtsTicks = nextAudioDtsTicks;
    nextAudioDtsTicks += AacConfig.SAMPLES_PER_FRAME;
    return dtsTicks;
  }

  /**
   * Signals a discontinuity when {@code timestampMs} jumps backwards by more than 500 ms or
   * forwards by more than 10 s from the track's previous sample. The other track is re-based to
   * the new time, so that a publisher restart that resets both tracks is one discontinuity.
   */
  private void checkContinuity(TrackClock track, TrackClock other, long timestampMs,
      String trackName) {
    if (track.started) {
      long stepMs = timestampMs - track.lastMs;
      if (stepMs < -MAX_BACKWARD_STEP_MS || stepMs > MAX_FORWARD_STEP_MS) {
        LOG.debug("{} timestamp jumped {} ms at {} ms: discontinuity", trackName, stepMs,
            timestampMs);
        discontinuities++;
        nextAudioDtsTicks = Long.MIN_VALUE;
        if (other.started) {
          other.lastMs = timestampMs;
        }
        sink.onDiscontinuity();
      }
    }
    track.started = true;
    track.lastMs = timestampMs;
  }

  private void onScriptData(FlvTag tag) throws MalformedMediaException {
    if (tag.body().length == 0) {
      throw new MalformedMediaException("script data tag: empty body, no AMF0 name");
    }
    Amf0Reader amf = new Amf0Reader(new ByteReader(tag.body()));
    try {
      AmfValue name = amf.read();
      if (name instanceof AmfString s && s.value().equals("@setDataFrame") && amf.hasMore()) {
        name = amf.read(); // RTMP's data frame wrapper around onMetaData
      }
      if (!(name instanceof AmfString s) || !s.value().equals("onMetaData")) {
        LOG.debug("skipping script data {} at {} ms", name, tag.timestampMs());
        return;
      }
      if (!amf.hasMore()) {
        throw new MalformedMediaException("script data tag: onMetaData without a value");
      }
      AmfValue value = amf.read();
      if (!(value instanceof AmfObject metadata)) {
        LOG.debug("onMetaData with a {} instead of an object; ignored",
            value.getClass().getSimpleName());
        return;
      }
      Boolean hasVideo = declared(metadata, "hasVideo", "videocodecid");
      Boolean hasAudio = declared(metadata, "hasAudio", "audiocodecid");
      if (hasVideo != null || hasAudio != null) {
        sink.onDeclaredTracks(Boolean.TRUE.equals(hasVideo), Boolean.TRUE.equals(hasAudio));
      }
    } catch (MalformedMediaException e) {
      throw new MalformedMediaException("script data tag: " + e.getMessage(), e);
    }
  }

  /** The boolean flag when present, else true when a codec id is given, else null (unknown). */
  private static Boolean declared(AmfObject metadata, String flagKey, String codecIdKey) {
    AmfValue flag = metadata.get(flagKey);
    if (flag instanceof AmfBoolean b) {
      return b.value();
    }
    AmfValue codecId = metadata.get(codecIdKey);
    if (codecId instanceof AmfNumber || codecId instanceof AmfString) {
      return true;
    }
    return null;
  }

  /** The last sample time of one track, for the discontinuity check. */
  private static final class TrackClock {
    boolean started;
    long lastMs;
  }
}
