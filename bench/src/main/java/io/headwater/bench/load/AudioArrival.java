package io.headwater.bench.load;

/**
 * One audio message of a publisher's RTMP stream as the relay saw it pass.
 *
 * @param flvTimestampMs the RTMP message timestamp, milliseconds, 32-bit
 * @param sequenceHeader an AAC sequence header (AACPacketType 0, video file format spec v10.1
 *     E.4.2.1), not a frame
 * @param arrivalNanos System.nanoTime just before the message's last byte was forwarded
 */
record AudioArrival(long flvTimestampMs, boolean sequenceHeader, long arrivalNanos) {}
