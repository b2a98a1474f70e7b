package io.headwater.packager.io;

import java.util.Arrays;
import java.util.List;

/** A growable big-endian byte sink; the writer-side counterpart of {@link ByteReader}. */
public final class ByteWriter {
  private static final byte[] EMPTY = new byte[0];

  private byte[] buf;
  private int size;

  public ByteWriter() {
    this(256);
  }

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public int size() {
    return size;
  }

  public ByteWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u16(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u24(int v) {
    ensure(3);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u32(long v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter u64(long v) {
    u32(v >>> 32);
    return u32(v & 0xFFFFFFFFL);
  }

  public ByteWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  public ByteWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** Copies the remaining bytes of {@code src} (read-only buffers too), leaving it untouched. */
  public ByteWriter bytes(java.nio.ByteBuffer src) {
    int len = src.remaining();
    ensure(len);
    src.duplicate().get(buf, size, len);
    size += len;
    return this;
  }

  public ByteWriter ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      u8(s.charAt(i));
    }
    return this;
  }

  public ByteWriter zeros(int n) {
    ensure(n);
    size += n; // the array is zero-filled past size: grown copies and fresh arrays start at 0
    return this;
  }

  /**
   * Makes room for {@code n} more bytes and counts them as written, for a caller that fills
   * them itself in {@link #array()} from the returned offset (a whole TS packet at a time).
   */
  public int reserve(int n) {
    ensure(n);
    int at = size;
    size += n;
    return at;
  }

  /** The array being written; valid until the next write, which may replace it. */
  public byte[] array() {
    return buf;
  }

  /**
   * The length of {@code parts} together.
   *
   * @throws IllegalArgumentException when it exceeds an array's size
   */
  public static int totalLength(List<byte[]> parts) {
    long size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("parts of " + size + " bytes in all are too large");
    }
    return (int) size;
  }

  /**
   * {@code parts} one after another in one new array, or the one part itself when there is
   * only one (no copy).
   */
  public static byte[] concat(List<byte[]> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    byte[] whole = new byte[totalLength(parts)];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, whole, at, p.length);
      at += p.length;
    }
    return whole;
  }

  /** Forgets what was written, keeping the array for the next writes. */
  public void clear() {
    size = 0;
  }

  /** Overwrites 4 bytes at {@code offset}, for sizes known only after the content. */
  public void setU32(int offset, long v) {
    buf[offset] = (byte) (v >>> 24);
    buf[offset + 1] = (byte) (v >>> 16);
    buf[offset + 2] = (byte) (v >>> 8);
    buf[offset + 3] = (byte) v;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /**
   * Ends this writer and hands out what it wrote: its own array, without a copy, when the
   * writer was sized exactly (the capacity given to the constructor was what got written),
   * else a copy of the bytes. The writer is empty afterwards and may be reused.
   */
  public byte[] detach() {
    byte[] out = size == buf.length ? buf : Arrays.copyOf(buf, size);
    buf = EMPTY;
    size = 0;
    return out;
  }
}
