package io.headwater.ingest.rtmp.chunk;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;

/**
 * One chunk header (RTMP 1.0 section 5.3.1): basic header, message header of type {@code fmt}
 * and the optional extended timestamp. Fields a format does not carry are 0.
 *
 * @param fmt 0 (11-byte header), 1 (7), 2 (3) or 3 (none)
 * @param chunkStreamId csid, 2..65599
 * @param timestamp absolute timestamp (fmt 0) or delta (fmt 1, 2); for fmt 3 the repeated
 *     extended timestamp if the chunk carries one, else 0. Values from 0xFFFFFF up travel in the
 *     4-byte extended timestamp field.
 * @param messageLength message length (fmt 0, 1)
 * @param messageTypeId message type id (fmt 0, 1)
 * @param messageStreamId message stream id (fmt 0)
 */
public record ChunkHeader(int fmt, int chunkStreamId, long timestamp, int messageLength,
    int messageTypeId, int messageStreamId) {
  public static final int MIN_CSID = 2;
  public static final int MAX_CSID = 65599;
  /** The 3-byte timestamp value that announces an extended timestamp (section 5.3.1.3). */
  public static final int EXTENDED_TIMESTAMP_MARKER = 0xFFFFFF;

  public ChunkHeader {
    if (fmt < 0 || fmt > 3) {
      throw new IllegalArgumentException("fmt " + fmt);
    }
    if (chunkStreamId < MIN_CSID || chunkStreamId > MAX_CSID) {
      throw new IllegalArgumentException("chunk stream id " + chunkStreamId);
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp " + timestamp);
    }
  }

  /** Whether the 4-byte extended timestamp follows the message header. */
  public boolean hasExtendedTimestamp() {
    return timestamp >= EXTENDED_TIMESTAMP_MARKER;
  }

  /** Length of the basic header whose first byte is {@code firstByte}: 1, 2 or 3 (5.3.1.1). */
  public static int basicHeaderLength(int firstByte) {
    int csidBits = firstByte & 0x3F;
    return csidBits == 0 ? 2 : csidBits == 1 ? 3 : 1;
  }

  /** Length of the message header of format {@code fmt}: 11, 7, 3 or 0 (5.3.1.2). */
  public static int messageHeaderLength(int fmt) {
    return switch (fmt) {
      case 0 -> 11;
      case 1 -> 7;
      case 2 -> 3;
      default -> 0;
    };
  }

  /**
   * Reads a whole chunk header. Whether a fmt 3 header carries an extended timestamp cannot be
   * seen in its bytes; the caller passes the rule's answer ({@link ChunkStreamState}).
   */
  public static ChunkHeader read(ByteReader in, boolean fmt3HasExtendedTimestamp)
      throws MalformedMediaException {
    // 5.3.1.1 basic header: fmt (2 bits) | csid (6 bits) [| csid-64 (8 or 16 bits, LE)]
    int first = in.readU8("chunk basic header");
    int fmt = first >>> 6;
    int csid = first & 0x3F;
    if (csid == 0) {
      csid = 64 + in.readU8("2-byte chunk stream id");
    } else if (csid == 1) {
      int low = in.readU8("3-byte chunk stream id");
      csid = 64 + low + (in.readU8("3-byte chunk stream id") << 8);
    }
    long timestamp = 0;
    int length = 0;
    int typeId = 0;
    int streamId = 0;
    if (fmt <= 2) {
      timestamp = in.readU24("chunk timestamp"); // 5.3.1.2.1-3: timestamp or delta, 3 bytes
    }
    if (fmt <= 1) {
      length = in.readU24("chunk message length"); // 3 bytes
      typeId = in.readU8("chunk message type id"); // 1 byte
    }
    if (fmt == 0) {
      streamId = Integer.reverseBytes(in.readS32("chunk message stream id")); // 4 bytes, LE
    }
    boolean extended = fmt <= 2 ? timestamp == EXTENDED_TIMESTAMP_MARKER : fmt3HasExtendedTimestamp;
    if (extended) {
      timestamp = in.readU32("extended timestamp"); // 5.3.1.3
    }
    return new ChunkHeader(fmt, csid, timestamp, length, typeId, streamId);
  }

  /** Writes this header; an extended timestamp is written when {@code timestamp >= 0xFFFFFF}. */
  public void write(ByteWriter out) {
    // 5.3.1.1 basic header
    if (chunkStreamId < 64) {
      out.u8(fmt << 6 | chunkStreamId);
    } else if (chunkStreamId < 320) {
      out.u8(fmt << 6).u8(chunkStreamId - 64);
    } else {
      int id = chunkStreamId - 64;
      out.u8(fmt << 6 | 1).u8(id & 0xFF).u8(id >>> 8);
    }
    boolean extended = hasExtendedTimestamp();
    if (fmt <= 2) {
      out.u24(extended ? EXTENDED_TIMESTAMP_MARKER : (int) timestamp);
    }
    if (fmt <= 1) {
      out.u24(messageLength).u8(messageTypeId);
    }
    if (fmt == 0) {
      out.u32(Integer.reverseBytes(messageStreamId) & 0xFFFF_FFFFL);
    }
    if (extended) {
      out.u32(timestamp);
    }
  }
}
