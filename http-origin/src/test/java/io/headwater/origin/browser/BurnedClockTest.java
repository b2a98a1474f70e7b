package io.headwater.origin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clock {@link BurnedClock} burns into the picture: it survives H.264 at the live encoder's
 * settings, reads back as the wall clock at which the publisher made each frame, and a wrong
 * block is discarded rather than read as another time.
 */
class BurnedClockTest {
  private static final int WIDTH = BurnedClock.BLOCKS * BurnedClock.BLOCK_WIDTH;
  private static final int STRIP = WIDTH * BurnedClock.BLOCK_HEIGHT;

  @Test
  void everyEncodedFrameReadsBackAsTheWallClockWhenItWasMade(@TempDir Path dir)
      throws Exception {
    Path flv = dir.resolve("clock.flv");
    long before = System.currentTimeMillis();
    Tools.Result encode = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2",
        "-vf", BurnedClock.filter(30), "-c:v", "libx264", "-preset", "veryfast",
        "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "30", "-bf", "0", "-b:v", "800k",
        "-f", "flv", flv.toString()), 60);
    long after = System.currentTimeMillis();
    assertThat(encode.exitCode()).as(encode.stderr()).isZero();
    Path strips = dir.resolve("strips.gray");
    Tools.Result decode = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
        "error", "-i", flv.toString(), "-vf",
        "crop=" + WIDTH + ":" + BurnedClock.BLOCK_HEIGHT + ":0:0,format=gray",
        "-f", "rawvideo", strips.toString()), 60);
    assertThat(decode.exitCode()).as(decode.stderr()).isZero();

    byte[] all = Files.readAllBytes(strips);
    int frames = all.length / STRIP;
    List<Long> read = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      byte[] strip = new byte[STRIP];
      System.arraycopy(all, f * STRIP, strip, 0, STRIP);
      BurnedClock.read(strip, WIDTH).ifPresent(read::add);
    }
    assertThat(frames).as("frames decoded").isGreaterThanOrEqualTo(55);
    assertThat(read).as("frames whose clock reads").hasSize(frames);
    for (int i = 0; i < read.size(); i++) {
      long v = read.get(i);
      // Made between the start and the end of the encoder's run, by the wall clock.
      assertThat(BurnedClock.behind(after, v)).as("frame %d: ms before the encoder ended", i)
          .isBetween(0L, after - before);
      if (i > 0) {
        assertThat(BurnedClock.behind(v, read.get(i - 1))).as("frame %d after frame %d", i, i - 1)
            .isGreaterThanOrEqualTo(0L);
      }
    }
  }

  @Test
  void aValueReadsBackAndAnyWrongBlockIsDiscarded() {
    long value = 0xA5C3F1L;
    byte[] strip = draw(value);
    assertThat(BurnedClock.read(strip, WIDTH)).isEqualTo(OptionalLong.of(value));

    for (int block = 0; block < BurnedClock.BLOCKS; block++) {
      byte[] flipped = strip.clone();
      boolean white = (flipped[BurnedClock.BLOCK_HEIGHT / 2 * WIDTH
          + block * BurnedClock.BLOCK_WIDTH + BurnedClock.BLOCK_WIDTH / 2] & 0xff) > 128;
      fill(flipped, block, white ? 16 : 235);
      assertThat(BurnedClock.read(flipped, WIDTH)).as("block %d flipped", block).isEmpty();
    }
    byte[] grey = strip.clone();
    fill(grey, 7, 128);
    assertThat(BurnedClock.read(grey, WIDTH)).as("a grey block").isEmpty();
  }

  @Test
  void distanceBehindWrapsWithTheClock() {
    assertThat(BurnedClock.behind(1_000, 400)).isEqualTo(600);
    assertThat(BurnedClock.behind(BurnedClock.MODULUS + 100, BurnedClock.MODULUS - 300))
        .isEqualTo(400);
    assertThat(BurnedClock.behind(100, 300)).isEqualTo(-200);
  }

  /** The strip as the filter draws it, in video-range luma (16 black, 235 white). */
  private static byte[] draw(long value) {
    byte[] strip = new byte[STRIP];
    int[] bits = new int[BurnedClock.BLOCKS];
    bits[0] = 1;
    bits[BurnedClock.BLOCKS - 1] = 1;
    for (int i = 0; i < BurnedClock.VALUE_BITS; i++) {
      bits[2 + i] = (int) (value >> (BurnedClock.VALUE_BITS - 1 - i)) & 1;
    }
    long check = value % BurnedClock.CHECK_MODULUS;
    for (int i = 0; i < BurnedClock.CHECK_BITS; i++) {
      bits[2 + BurnedClock.VALUE_BITS + i] = (int) (check >> (BurnedClock.CHECK_BITS - 1 - i)) & 1;
    }
    for (int b = 0; b < BurnedClock.BLOCKS; b++) {
      fill(strip, b, bits[b] == 1 ? 235 : 16);
    }
    return strip;
  }

  private static void fill(byte[] strip, int block, int luma) {
    for (int y = 0; y < BurnedClock.BLOCK_HEIGHT; y++) {
      for (int x = 0; x < BurnedClock.BLOCK_WIDTH; x++) {
        strip[y * WIDTH + block * BurnedClock.BLOCK_WIDTH + x] = (byte) luma;
      }
    }
  }
}
