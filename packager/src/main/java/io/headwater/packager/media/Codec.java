package io.headwater.packager.media;

/** Codecs the packager can carry, each with the track type it belongs to. */
public enum Codec {
  H264(TrackType.VIDEO),
  AAC(TrackType.AUDIO);

  private final TrackType type;

  Codec(TrackType type) {
    this.type = type;
  }

  public TrackType type() {
    return type;
  }
}
