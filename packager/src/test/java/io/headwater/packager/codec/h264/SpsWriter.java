package io.headwater.packager.codec.h264;

import java.io.ByteArrayOutputStream;

/**
 * Test helper: writes H.264 syntax elements (u(n), ue(v), se(v)) MSB first and wraps the RBSP
 * into a NAL unit with emulation prevention (ITU-T H.264 7.4.1), to build SPS cases by hand.
 */
final class SpsWriter {
  private final StringBuilder bits = new StringBuilder();

  SpsWriter u(int n, long value) {
    for (int i = n - 1; i >= 0; i--) {
      bits.append(((value >>> i) & 1) == 1 ? '1' : '0');
    }
    return this;
  }

  SpsWriter flag(boolean value) {
    return u(1, value ? 1 : 0);
  }

  /** ue(v), 9.1: leading zeros, a one, then the info bits of codeNum + 1. */
  SpsWriter ue(long value) {
    long codeNumPlus1 = value + 1;
    int length = 64 - Long.numberOfLeadingZeros(codeNumPlus1);
    u(length - 1, 0);
    return u(length, codeNumPlus1);
  }

  /** se(v), 9.1.1: k > 0 maps to 2k - 1, k <= 0 to -2k. */
  SpsWriter se(long value) {
    return ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  /** The NAL unit: header 0x67 (nal_ref_idc 3, type 7), escaped RBSP with trailing bits. */
  byte[] toNal() {
    StringBuilder rbspBits = new StringBuilder(bits).append('1'); // rbsp_stop_one_bit
    while (rbspBits.length() % 8 != 0) {
      rbspBits.append('0'); // rbsp_alignment_zero_bit
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x67);
    int zeros = 0;
    for (int i = 0; i < rbspBits.length(); i += 8) {
      int b = Integer.parseInt(rbspBits.substring(i, i + 8), 2);
      if (zeros >= 2 && b <= 3) {
        out.write(0x03); // emulation_prevention_three_byte
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }
}
