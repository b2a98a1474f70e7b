package io.headwater.origin.pipeline;

/**
 * Bitrate of one track measured from its stored segments, in bits per second.
 *
 * @param peak the highest per-segment bitrate seen (HLS BANDWIDTH, DASH bandwidth)
 * @param average total bits over total duration (HLS AVERAGE-BANDWIDTH)
 */
public record TrackBitrate(long peak, long average) {}
