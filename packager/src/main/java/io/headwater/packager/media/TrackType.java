package io.headwater.packager.media;

/** The kind of media a track carries. */
public enum TrackType {
  VIDEO,
  AUDIO
}
