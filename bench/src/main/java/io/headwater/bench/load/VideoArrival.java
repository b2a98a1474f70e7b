package io.headwater.bench.load;

/**
 * One video message of a publisher's RTMP stream as the relay saw it pass: when its last byte
 * went on to the server under test, and the FLV video tag header fields that say what it is.
 *
 * @param flvTimestampMs the RTMP message timestamp (FLV DTS), milliseconds, 32-bit
 * @param compositionTimeMs the AVC composition time offset (PTS - DTS), 0 when absent
 * @param keyframe FLV frame type 1 (video file format spec v10.1 E.4.3.1)
 * @param sequenceHeader an AVC sequence header or end of sequence (AVCPacketType 0, 2), not a
 *     frame
 * @param payloadBytes the message's size
 * @param arrivalNanos System.nanoTime just before the message's last byte was forwarded
 */
record VideoArrival(long flvTimestampMs, int compositionTimeMs, boolean keyframe,
    boolean sequenceHeader, int payloadBytes, long arrivalNanos) {

  /** Whether this message is a coded frame (not a sequence header or end-of-sequence). */
  boolean isFrame() {
    return !sequenceHeader;
  }
}
