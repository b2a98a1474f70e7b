package io.headwater.packager.ts;

/**
 * CRC-32/MPEG-2 of PSI sections (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7, initial value
 * 0xFFFFFFFF, MSB first (no reflection), no final XOR. The CRC of "123456789" is 0x0376E6E7.
 */
public final class Crc32Mpeg2 {
  private static final int[] TABLE = buildTable();

  private Crc32Mpeg2() {}

  private static int[] buildTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int crc = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
      }
      table[i] = crc;
    }
    return table;
  }

  /** The CRC of {@code length} bytes of {@code data} from {@code offset}. */
  public static int compute(byte[] data, int offset, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
    }
    return crc;
  }

  /** The CRC of all of {@code data}. */
  public static int compute(byte[] data) {
    return compute(data, 0, data.length);
  }
}
