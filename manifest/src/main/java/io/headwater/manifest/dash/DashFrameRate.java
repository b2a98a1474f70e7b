package io.headwater.manifest.dash;

/**
 * Formats frame rates as the MPD's FrameRateType (ISO/IEC 23009-1 5.3.12.2: an integer or a
 * fraction {@code N/D}), so that NTSC rates are exact: 29.970 fps becomes {@code 30000/1001}.
 */
public final class DashFrameRate {
  private DashFrameRate() {}

  /**
   * The FrameRateType of {@code frameRateMilli} (frames per 1000 s), or null when it is not
   * positive (unknown).
   */
  public static String format(int frameRateMilli) {
    if (frameRateMilli <= 0) {
      return null;
    }
    if (frameRateMilli % 1000 == 0) {
      return Integer.toString(frameRateMilli / 1000);
    }
    // A rate within 1/1000 fps of N * 1000/1001 is the NTSC-style rate N*1000/1001.
    long ntscNumerator = Math.round(frameRateMilli * 1001.0 / 1000.0 / 1000.0) * 1000;
    if (ntscNumerator > 0 && Math.abs(ntscNumerator * 1000 - frameRateMilli * 1001L) <= 1001) {
      return ntscNumerator + "/1001";
    }
    long gcd = gcd(frameRateMilli, 1000);
    return (frameRateMilli / gcd) + "/" + (1000 / gcd);
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
