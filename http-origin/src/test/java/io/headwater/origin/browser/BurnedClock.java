package io.headwater.origin.browser;

import io.headwater.origin.Tools;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A wall clock burnt into the picture as a row of black and white blocks, machine-readable after
 * H.264 coding, for glass-to-glass latency: the bundled ffmpeg has no {@code drawtext}, so the
 * publisher draws the clock with {@code drawbox} filters, and the browser page
 * ({@code resources/browser/glass-clock.js}) reads it back from the frame on screen.
 *
 * <p>Layout, on a 640x360 picture: {@value #BLOCKS} blocks of {@value #BLOCK_WIDTH}x{@value
 * #BLOCK_HEIGHT} px along the top edge, white = 1, black = 0, most significant bit first:
 *
 * <pre>
 * block   0      1      2 .. 25                 26 .. 30            31
 *         1      0      V: 24 bits              V mod 31: 5 bits    1
 *         marker marker wall clock ms mod 2^24  check               marker
 * </pre>
 *
 * <p>V is the Unix time in milliseconds, modulo 2^24 (4.66 hours), at which the frame entered
 * the publisher's filter graph: the graph sets each frame's timestamp to the real-time clock
 * ({@code setpts=RTCTIME}, microseconds) before the boxes are drawn, and the boxes' per-frame
 * {@code enable} expressions read it back as {@code t}. That is the moment a camera frame would
 * reach the encoder, so what the browser computes, {@code Date.now()} minus V, is encoder +
 * network + origin + player + decoder delay: glass to glass, less the camera's own. The frames
 * then get regular timestamps again ({@code setpts=N}) for the encoder. A misread (a block
 * blurred to grey, a wrong marker, a check that does not match; any single wrong bit fails the
 * check, since no power of two is a multiple of 31) is discarded, never reported.
 */
public final class BurnedClock {
  /** Blocks along the top edge. */
  public static final int BLOCKS = 32;
  /** Block width in pixels (32 blocks span a 640 px picture). */
  public static final int BLOCK_WIDTH = 20;
  /** Block height in pixels. */
  public static final int BLOCK_HEIGHT = 40;
  /** Bits of the clock value. */
  public static final int VALUE_BITS = 24;
  /** The clock is milliseconds modulo this. */
  public static final long MODULUS = 1L << VALUE_BITS;
  /** The check is the value modulo this, in {@link #CHECK_BITS} bits. */
  public static final int CHECK_MODULUS = 31;
  /** Bits of the check. */
  public static final int CHECK_BITS = 5;
  /** A block is read as white above this mean luma, black below the dark threshold. */
  static final int WHITE_ABOVE = 160;
  /** A block is read as black below this mean luma; between the two it is unreadable. */
  static final int BLACK_BELOW = 96;

  private BurnedClock() {}

  /**
   * The video filter chain that stamps every frame with the wall clock: timestamps from the
   * real-time clock, a black strip, the marker blocks, one white block per set bit of the value
   * and of its check, then regular 30 fps timestamps for the encoder.
   */
  public static String filter(int framesPerSecond) {
    List<String> f = new ArrayList<>();
    f.add("settb=1/1000000");
    f.add("setpts=RTCTIME");
    f.add(box(0, BLOCKS * BLOCK_WIDTH, "black", null));
    f.add(box(0, BLOCK_WIDTH, "white", null));
    f.add(box((BLOCKS - 1) * BLOCK_WIDTH, BLOCK_WIDTH, "white", null));
    String value = "mod(floor(t*1000)\\," + MODULUS + ")";
    String check = "mod(" + value + "\\," + CHECK_MODULUS + ")";
    for (int i = 0; i < VALUE_BITS; i++) {
      f.add(box((2 + i) * BLOCK_WIDTH, BLOCK_WIDTH, "white",
          bit(value, VALUE_BITS - 1 - i)));
    }
    for (int i = 0; i < CHECK_BITS; i++) {
      f.add(box((2 + VALUE_BITS + i) * BLOCK_WIDTH, BLOCK_WIDTH, "white",
          bit(check, CHECK_BITS - 1 - i)));
    }
    f.add("settb=1/" + framesPerSecond);
    f.add("setpts=N");
    return String.join(",", f);
  }

  /** The expression that is 1 when bit {@code k} (weight 2^k) of {@code expr} is set. */
  private static String bit(String expr, int k) {
    return "mod(floor(" + expr + "/" + (1L << k) + ")\\,2)";
  }

  private static String box(int x, int width, String color, String enable) {
    return "drawbox=x=" + x + ":y=0:w=" + width + ":h=" + BLOCK_HEIGHT + ":c=" + color
        + ":t=fill" + (enable == null ? "" : ":enable=" + enable);
  }

  /**
   * What a low-latency encoder with the clock burnt in sends, live: a 640x360 30 fps test
   * pattern and a 48 kHz tone paced in real time ({@code -re}), libx264 {@code -tune
   * zerolatency} with a keyframe every second and no B-frames, AAC, to {@code rtmpUrl}.
   */
  public static Process startEncoder(String rtmpUrl) throws IOException {
    return new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
        "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-vf", filter(30),
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-bf", "0", "-b:v", "800k",
        "-c:a", "aac", "-b:a", "96k", "-f", "flv", rtmpUrl)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /**
   * Reads the clock from the top {@value #BLOCK_HEIGHT} rows of a frame's luma ({@code width}
   * bytes a row), sampling the middle of each block; empty when a block is grey, a marker is
   * wrong or the check fails. The test-side twin of glass-clock.js, used on frames decoded by
   * ffmpeg.
   */
  public static OptionalLong read(byte[] luma, int width) {
    int scale = width / (BLOCKS * BLOCK_WIDTH);
    if (scale < 1 || luma.length < width * BLOCK_HEIGHT * scale) {
      return OptionalLong.empty();
    }
    int[] bits = new int[BLOCKS];
    for (int b = 0; b < BLOCKS; b++) {
      long sum = 0;
      int n = 0;
      for (int y = BLOCK_HEIGHT * scale / 4; y < BLOCK_HEIGHT * scale * 3 / 4; y++) {
        for (int x = (b * BLOCK_WIDTH + BLOCK_WIDTH / 4) * scale;
            x < (b * BLOCK_WIDTH + BLOCK_WIDTH * 3 / 4) * scale; x++) {
          sum += luma[y * width + x] & 0xff;
          n++;
        }
      }
      long mean = sum / n;
      if (mean > WHITE_ABOVE) {
        bits[b] = 1;
      } else if (mean >= BLACK_BELOW) {
        return OptionalLong.empty();
      }
    }
    if (bits[0] != 1 || bits[1] != 0 || bits[BLOCKS - 1] != 1) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (int i = 0; i < VALUE_BITS; i++) {
      value = value << 1 | bits[2 + i];
    }
    long check = 0;
    for (int i = 0; i < CHECK_BITS; i++) {
      check = check << 1 | bits[2 + VALUE_BITS + i];
    }
    return check == value % CHECK_MODULUS ? OptionalLong.of(value) : OptionalLong.empty();
  }

  /**
   * {@code nowMs} minus a burnt value, in milliseconds: the clock's distance behind the wall
   * clock, taken modulo 2^24 into -2^23 .. 2^23 (a frame is never hours old).
   */
  public static long behind(long nowMs, long burnt) {
    long d = Math.floorMod(nowMs - burnt, MODULUS);
    return d >= MODULUS / 2 ? d - MODULUS : d;
  }
}
