package io.headwater.ingest.flv;

import java.util.Objects;

/**
 * One FLV tag body (E.4.1 of the FLV spec; the same payload an RTMP audio, video or data message
 * carries), with its timestamp already unwrapped to a 64-bit millisecond timeline.
 *
 * @param type {@link #AUDIO}, {@link #VIDEO} or {@link #SCRIPT_DATA}
 * @param timestampMs the unwrapped decode timestamp in milliseconds
 * @param body the tag body (after the 11-byte FLV tag header); not copied, do not modify
 */
public record FlvTag(int type, long timestampMs, byte[] body) {
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int SCRIPT_DATA = 18;

  public FlvTag {
    Objects.requireNonNull(body, "body");
  }
}
