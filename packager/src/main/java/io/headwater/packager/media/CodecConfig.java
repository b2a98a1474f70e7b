package io.headwater.packager.media;

/** Codec-private configuration of a track: what a decoder needs before the first sample. */
public sealed interface CodecConfig permits AvcConfig, AacConfig {
  /** The RFC 6381 codec string, such as {@code avc1.64001f} or {@code mp4a.40.2}. */
  String codecString();

  /** The codec-private bytes as carried in MP4 (avcC body, AudioSpecificConfig). */
  byte[] privateData();
}
