package io.headwater.packager.io;

/**
 * A bounds-checked big-endian cursor over a byte array, in the manner of Media3's
 * ParsableByteArray. Every read checks the bytes left and throws {@link MalformedMediaException}
 * naming what was being read and where, so protocol code never touches raw indices.
 */
public final class ByteReader {
  private final byte[] data;
  private final int limit;
  private int position;

  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  public ByteReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("offset " + offset + " length " + length
          + " outside array of " + data.length);
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
  }

  public int position() {
    return position;
  }

  public int limit() {
    return limit;
  }

  public int bytesLeft() {
    return limit - position;
  }

  public boolean hasRemaining() {
    return position < limit;
  }

  private void require(int n, String what) throws MalformedMediaException {
    if (n < 0 || limit - position < n) {
      throw new MalformedMediaException("truncated " + what + ": need " + n + " bytes at offset "
          + position + ", have " + (limit - position));
    }
  }

  public int readU8(String what) throws MalformedMediaException {
    require(1, what);
    return data[position++] & 0xFF;
  }

  public int readU16(String what) throws MalformedMediaException {
    require(2, what);
    int v = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
    position += 2;
    return v;
  }

  public int readU24(String what) throws MalformedMediaException {
    require(3, what);
    int v = ((data[position] & 0xFF) << 16) | ((data[position + 1] & 0xFF) << 8)
        | (data[position + 2] & 0xFF);
    position += 3;
    return v;
  }

  /** Signed 24-bit, as FLV's CompositionTime. */
  public int readS24(String what) throws MalformedMediaException {
    int v = readU24(what);
    return (v << 8) >> 8;
  }

  public long readU32(String what) throws MalformedMediaException {
    require(4, what);
    long v = ((long) (data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
        | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
    position += 4;
    return v;
  }

  public int readS32(String what) throws MalformedMediaException {
    return (int) readU32(what);
  }

  public long readS64(String what) throws MalformedMediaException {
    long hi = readU32(what);
    long lo = readU32(what);
    return (hi << 32) | lo;
  }

  public double readDouble(String what) throws MalformedMediaException {
    return Double.longBitsToDouble(readS64(what));
  }

  /** Copies {@code n} bytes out; {@code n} is checked against the bytes left before allocating. */
  public byte[] readBytes(int n, String what) throws MalformedMediaException {
    require(n, what);
    byte[] out = new byte[n];
    System.arraycopy(data, position, out, 0, n);
    position += n;
    return out;
  }

  public void skip(int n, String what) throws MalformedMediaException {
    require(n, what);
    position += n;
  }

  /** Peeks at the byte at the cursor without consuming it. */
  public int peekU8(String what) throws MalformedMediaException {
    require(1, what);
    return data[position] & 0xFF;
  }
}
