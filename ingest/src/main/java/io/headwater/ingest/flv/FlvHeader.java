package io.headwater.ingest.flv;

/**
 * The FLV file header (FLV spec E.2): version and the audio/video presence flags.
 *
 * @param version the FLV version (1)
 * @param hasAudio TypeFlagsAudio
 * @param hasVideo TypeFlagsVideo
 * @param dataOffset the header size in bytes, where the body starts (9 for version 1)
 */
public record FlvHeader(int version, boolean hasAudio, boolean hasVideo, long dataOffset) {}
