package io.headwater.ingest.flv;

import io.headwater.packager.io.ByteWriter;

/** Test helper: builds FLV files byte by byte (FLV spec E.2, E.3, E.4.1). */
final class FlvBytes {
  private final ByteWriter out = new ByteWriter();

  /** Header with audio and video flags, DataOffset 9, PreviousTagSize0. */
  static FlvBytes file() {
    FlvBytes f = new FlvBytes();
    f.out.ascii("FLV").u8(1).u8(0x05).u32(9).u32(0);
    return f;
  }

  /** A tag with a 32-bit timestamp split into Timestamp and TimestampExtended, then its size. */
  FlvBytes tag(int type, long timestampMs, byte[] body) {
    out.u8(type)
        .u24(body.length)
        .u24((int) (timestampMs & 0xFFFFFF))
        .u8((int) ((timestampMs >>> 24) & 0xFF))
        .u24(0)
        .bytes(body)
        .u32(11 + body.length);
    return this;
  }

  /** Raw bytes, for malformed headers. */
  FlvBytes raw(byte[] bytes) {
    out.bytes(bytes);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
