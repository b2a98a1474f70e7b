package io.headwater.packager.io;

/** A bounds-checked MSB-first bit cursor, with Exp-Golomb reads for H.264 syntax elements. */
public final class BitReader {
  private final byte[] data;
  private final int limitBits;
  private int bitPosition;

  public BitReader(byte[] data) {
    this(data, 0, data.length);
  }

  public BitReader(byte[] data, int offset, int length) {
    this.data = data;
    this.bitPosition = offset * 8;
    this.limitBits = (offset + length) * 8;
  }

  public int bitsLeft() {
    return limitBits - bitPosition;
  }

  public boolean readBit(String what) throws MalformedMediaException {
    return readBits(1, what) == 1;
  }

  /** Reads up to 32 bits as an unsigned value (returned in a long for n = 32). */
  public long readBitsLong(int n, String what) throws MalformedMediaException {
    if (n < 0 || n > 64) {
      throw new IllegalArgumentException("bit count " + n);
    }
    if (limitBits - bitPosition < n) {
      throw new MalformedMediaException("truncated " + what + ": need " + n + " bits at bit "
          + bitPosition + ", have " + (limitBits - bitPosition));
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      int b = (data[bitPosition >>> 3] >>> (7 - (bitPosition & 7))) & 1;
      v = (v << 1) | b;
      bitPosition++;
    }
    return v;
  }

  public int readBits(int n, String what) throws MalformedMediaException {
    if (n > 31) {
      throw new IllegalArgumentException("use readBitsLong for " + n + " bits");
    }
    return (int) readBitsLong(n, what);
  }

  public void skipBits(int n, String what) throws MalformedMediaException {
    if (limitBits - bitPosition < n) {
      throw new MalformedMediaException("truncated " + what + " at bit " + bitPosition);
    }
    bitPosition += n;
  }

  /** Unsigned Exp-Golomb, ue(v) of ITU-T H.264 9.1. */
  public int readUe(String what) throws MalformedMediaException {
    int leadingZeros = 0;
    while (!readBit(what)) {
      leadingZeros++;
      if (leadingZeros > 31) {
        throw new MalformedMediaException("Exp-Golomb code too long in " + what);
      }
    }
    if (leadingZeros == 0) {
      return 0;
    }
    long v = (1L << leadingZeros) - 1 + readBitsLong(leadingZeros, what);
    if (v > Integer.MAX_VALUE) {
      throw new MalformedMediaException("Exp-Golomb value out of range in " + what);
    }
    return (int) v;
  }

  /** Signed Exp-Golomb, se(v) of ITU-T H.264 9.1.1. */
  public int readSe(String what) throws MalformedMediaException {
    int k = readUe(what);
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }
}
