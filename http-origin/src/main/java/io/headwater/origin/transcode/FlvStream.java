package io.headwater.origin.transcode;

import io.headwater.ingest.flv.FlvTag;

/**
 * Encodes received tags back into an FLV byte stream (Adobe FLV spec E.2, E.3) for a transcoder
 * that reads FLV on its standard input.
 */
final class FlvStream {
  /** The FLV tag header's size (E.4.1). */
  private static final int TAG_HEADER_BYTES = 11;
  /** FLV's DataSize is an UI24. */
  static final int MAX_TAG_BODY_BYTES = 0xFF_FFFF;

  private FlvStream() {}

  /** The file header with audio and video flags (E.2), then PreviousTagSize0 = 0 (E.3). */
  static byte[] header() {
    return new byte[] {'F', 'L', 'V', 1, /* flags: audio | video */ 0x05, 0, 0, 0, 9,
        0, 0, 0, 0};
  }

  /** One tag (E.4.1) followed by its PreviousTagSize (E.3), in a new array. */
  static byte[] tag(FlvTag tag) {
    int size = tag.body().length;
    if (size > MAX_TAG_BODY_BYTES) {
      throw new IllegalArgumentException("tag of " + size + " bytes exceeds FLV's UI24 size");
    }
    byte[] out = new byte[TAG_HEADER_BYTES + size + 4];
    long ts = tag.timestampMs();
    out[0] = (byte) tag.type(); // Reserved(2) Filter(1) TagType(5)
    out[1] = (byte) (size >>> 16); // DataSize UI24
    out[2] = (byte) (size >>> 8);
    out[3] = (byte) size;
    out[4] = (byte) (ts >>> 16); // Timestamp UI24, lower 24 bits
    out[5] = (byte) (ts >>> 8);
    out[6] = (byte) ts;
    out[7] = (byte) (ts >>> 24); // TimestampExtended UI8, upper 8 bits
    // out[8..10]: StreamID UI24, always 0
    System.arraycopy(tag.body(), 0, out, TAG_HEADER_BYTES, size);
    int previous = TAG_HEADER_BYTES + size;
    int p = TAG_HEADER_BYTES + size;
    out[p] = (byte) (previous >>> 24);
    out[p + 1] = (byte) (previous >>> 16);
    out[p + 2] = (byte) (previous >>> 8);
    out[p + 3] = (byte) previous;
    return out;
  }
}
