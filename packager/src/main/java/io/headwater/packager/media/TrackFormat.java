package io.headwater.packager.media;

import java.util.Objects;

/**
 * What a track carries and how its timestamps are scaled. Video tracks use a 90 kHz timescale;
 * audio tracks use their sample rate, so that AAC frame times are exact integers.
 *
 * @param trackId 1 for video, 2 for audio (stable ids, used as MP4 track_ID)
 * @param codec the codec
 * @param timescale ticks per second of every time of this track's samples
 * @param config the codec configuration
 */
public record TrackFormat(int trackId, Codec codec, int timescale, CodecConfig config) {
  public static final int VIDEO_TRACK_ID = 1;
  public static final int AUDIO_TRACK_ID = 2;
  public static final int VIDEO_TIMESCALE = 90_000;

  public TrackFormat {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(config, "config");
    if (timescale <= 0) {
      throw new IllegalArgumentException("timescale " + timescale);
    }
  }

  public TrackType type() {
    return codec.type();
  }

  public static TrackFormat h264(AvcConfig config) {
    return new TrackFormat(VIDEO_TRACK_ID, Codec.H264, VIDEO_TIMESCALE, config);
  }

  public static TrackFormat aac(AacConfig config) {
    return new TrackFormat(AUDIO_TRACK_ID, Codec.AAC, config.sampleRate(), config);
  }

  public AvcConfig avc() {
    return (AvcConfig) config;
  }

  public AacConfig aac() {
    return (AacConfig) config;
  }

  /** Converts ticks of this track's timescale to 90 kHz, rounding down. */
  public long to90k(long ticks) {
    return timescale == VIDEO_TIMESCALE ? ticks : Math.floorDiv(ticks * 90_000L, timescale);
  }
}
