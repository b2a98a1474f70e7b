package io.headwater.packager.fmp4;

import io.headwater.packager.io.ByteWriter;

/**
 * Generic ISO BMFF box framing: {@code Box} and {@code FullBox} headers (ISO/IEC 14496-12 4.2)
 * and the file/segment type boxes. Every function returns the complete bytes of one box, in the
 * manner of Media3's {@code Boxes}.
 */
public final class Boxes {
  /** Bytes of a {@code Box} header: size(32) + type(32). */
  public static final int BOX_HEADER_SIZE = 8;

  /** Bytes of a {@code FullBox} header: a box header + version(8) + flags(24). */
  public static final int FULL_BOX_HEADER_SIZE = 12;

  private Boxes() {}

  /**
   * Wraps {@code contents}, concatenated, into a box of {@code type} with a 32-bit size
   * (ISO/IEC 14496-12 4.2: {@code unsigned int(32) size; unsigned int(32) type}).
   */
  public static byte[] wrapIntoBox(int type, byte[]... contents) {
    long size = BOX_HEADER_SIZE;
    for (byte[] content : contents) {
      size += content.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "box " + BoxTypes.name(type) + " of " + size + " bytes does not fit a byte array");
    }
    ByteWriter out = new ByteWriter((int) size);
    out.u32(size); // size
    out.u32(type & 0xFFFFFFFFL); // type
    for (byte[] content : contents) {
      out.bytes(content);
    }
    return out.toByteArray();
  }

  /**
   * Wraps {@code contents} into a full box: version(8) and flags(24) come first in the payload
   * (ISO/IEC 14496-12 4.2 {@code FullBox}).
   */
  public static byte[] wrapIntoFullBox(int type, int version, int flags, byte[]... contents) {
    byte[][] all = new byte[contents.length + 1][];
    all[0] = new byte[] {(byte) version, (byte) (flags >>> 16), (byte) (flags >>> 8), (byte) flags};
    System.arraycopy(contents, 0, all, 1, contents.length);
    return wrapIntoBox(type, all);
  }

  /**
   * A {@code ftyp} or {@code styp} box (ISO/IEC 14496-12 4.3.2, 8.16.2: same syntax).
   *
   * <pre>
   * [type]  major_brand(32) minor_version(32) compatible_brands(32)[]
   * </pre>
   */
  public static byte[] fileType(int type, int majorBrand, int minorVersion, int... compatible) {
    ByteWriter out = new ByteWriter(8 + 4 * compatible.length);
    out.u32(majorBrand & 0xFFFFFFFFL);
    out.u32(minorVersion & 0xFFFFFFFFL);
    for (int brand : compatible) {
      out.u32(brand & 0xFFFFFFFFL);
    }
    return wrapIntoBox(type, out.toByteArray());
  }
}
