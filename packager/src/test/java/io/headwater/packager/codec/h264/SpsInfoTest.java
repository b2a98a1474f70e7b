package io.headwater.packager.codec.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpsInfoTest {
  /** The SPS NAL units of the sample-media files, as x264 wrote them (escaped). */
  static final byte[] HIGH_SPS = hex("6764001eacd940a02ff970110000030001000003003c0f162d96");
  static final byte[] BASELINE_SPS = hex("6742c01eda0280bfe5c044000003000400000300f03c58ba80");
  static final byte[] MAIN_SPS = hex("674d401eda0280bfe5c044000003000400000300f03c58ba80");

  static Stream<Arguments> sampleSps() {
    return Stream.of(
        Arguments.of("high", HIGH_SPS, 100, 0x00),
        Arguments.of("baseline", BASELINE_SPS, 66, 0xC0),
        Arguments.of("main", MAIN_SPS, 77, 0x40));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleSps")
  void sampleMediaSpsIs640x360At30Fps(String name, byte[] sps, int profileIdc, int flags)
      throws Exception {
    SpsInfo info = SpsInfo.parse(sps);

    assertThat(info.profileIdc()).isEqualTo(profileIdc);
    assertThat(info.constraintFlags()).isEqualTo(flags);
    assertThat(info.levelIdc()).isEqualTo(30);
    assertThat(info.chromaFormatIdc()).isEqualTo(1);
    assertThat(info.frameMbsOnly()).isTrue();
    assertThat(info.width()).isEqualTo(640);
    assertThat(info.height()).isEqualTo(360); // 23 macroblock rows, 8 lines cropped
    assertThat(info.frameRateMilli()).isEqualTo(30_000);
  }

  /** JCodec's SPS reader, an independent implementation, must agree on every sample SPS. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleSps")
  void agreesWithJcodec(String name, byte[] sps, int profileIdc, int flags) throws Exception {
    ByteBuffer rbsp = ByteBuffer.wrap(sps, 1, sps.length - 1).slice();
    H264Utils.unescapeNAL(rbsp);
    SeqParameterSet jcodec = SeqParameterSet.read(rbsp);
    int cropUnitX = 2; // 4:2:0
    int cropUnitY = 2 * (jcodec.frameMbsOnlyFlag ? 1 : 2);
    int jcodecWidth = (jcodec.picWidthInMbsMinus1 + 1) * 16
        - cropUnitX * (jcodec.frameCropLeftOffset + jcodec.frameCropRightOffset);
    int jcodecHeight = (jcodec.picHeightInMapUnitsMinus1 + 1) * 16
        * (jcodec.frameMbsOnlyFlag ? 1 : 2)
        - cropUnitY * (jcodec.frameCropTopOffset + jcodec.frameCropBottomOffset);

    SpsInfo info = SpsInfo.parse(sps);

    assertThat(info.profileIdc()).isEqualTo(jcodec.profileIdc);
    assertThat(info.levelIdc()).isEqualTo(jcodec.levelIdc);
    assertThat(info.width()).isEqualTo(jcodecWidth);
    assertThat(info.height()).isEqualTo(jcodecHeight);
    assertThat(info.frameRateMilli())
        .isEqualTo(jcodec.vuiParams.timeScale * 1000 / (2 * jcodec.vuiParams.numUnitsInTick));
  }

  /** name, SPS, width, height, frame rate x 1000. */
  static Stream<Arguments> syntheticSps() {
    return Stream.of(
        Arguments.of("1080p High 4:2:0, 8 lines cropped",
            sps(100, 1, true, 120, 68, new int[] {0, 0, 0, 4}, 1, 60), 1920, 1080, 30_000),
        Arguments.of("1080i: map units are field MB pairs, crop unit 4 lines",
            sps(100, 1, false, 120, 34, new int[] {0, 0, 0, 2}, 1001, 60_000), 1920, 1080,
            29_970),
        Arguments.of("4:2:2: crop unit 2 across, 1 down",
            sps(122, 2, true, 40, 30, new int[] {1, 2, 3, 4}, 1, 50), 634, 473, 25_000),
        Arguments.of("4:4:4: crop unit 1 both ways",
            sps(244, 3, true, 40, 30, new int[] {1, 2, 3, 4}, 0, 0), 637, 473, 0),
        Arguments.of("monochrome interlaced: crop unit 1 across, 2 down",
            sps(100, 0, false, 40, 15, new int[] {1, 2, 3, 4}, 0, 0), 637, 466, 0),
        Arguments.of("baseline without cropping or VUI", sps(66, -1, true, 20, 15, null, 0, 0),
            320, 240, 0),
        Arguments.of("59.94 fps", sps(77, -1, true, 80, 45, null, 1001, 120_000), 1280, 720,
            59_940));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntheticSps")
  void computesCroppedSizeAndFrameRate(String name, byte[] sps, int width, int height,
      int frameRateMilli) throws Exception {
    SpsInfo info = SpsInfo.parse(sps);

    assertThat(info.width()).isEqualTo(width);
    assertThat(info.height()).isEqualTo(height);
    assertThat(info.frameRateMilli()).isEqualTo(frameRateMilli);
  }

  @Test
  void skipsScalingListsAndPicOrderCycle() throws Exception {
    SpsWriter w = new SpsWriter()
        .u(8, 100).u(8, 0).u(8, 40).ue(0) // profile, flags, level, sps id
        .ue(1).ue(0).ue(0).flag(false) // chroma 4:2:0, bit depths, bypass
        .flag(true); // seq_scaling_matrix_present_flag
    for (int i = 0; i < 8; i++) {
      if (i == 0) {
        w.flag(true).se(-8); // nextScale becomes 0 after one delta: the default list
      } else if (i == 6) {
        w.flag(true);
        for (int j = 0; j < 64; j++) {
          w.se(j % 2 == 0 ? 3 : -3); // 64 deltas of an 8x8 list
        }
      } else {
        w.flag(false);
      }
    }
    w.ue(0).ue(1) // log2_max_frame_num_minus4, pic_order_cnt_type 1
        .flag(false).se(-2).se(5).ue(3).se(1).se(-1).se(7) // cycle of 3 offsets
        .ue(4).flag(false).ue(39).ue(29).flag(true).flag(true).flag(false) // 640x480
        .flag(false);

    SpsInfo info = SpsInfo.parse(w.toNal());

    assertThat(info.width()).isEqualTo(640);
    assertThat(info.height()).isEqualTo(480);
  }

  @Test
  void rejectsPicOrderCycleAbove255() {
    byte[] sps = new SpsWriter().u(8, 66).u(8, 0).u(8, 30).ue(0)
        .ue(0).ue(1).flag(false).se(0).se(0).ue(256)
        .toNal();

    assertThatThrownBy(() -> SpsInfo.parse(sps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("num_ref_frames_in_pic_order_cnt_cycle 256");
  }

  @Test
  void rejectsPictureLargerThanAnyLevel() {
    byte[] sps = sps(100, 1, true, 4000, 30, null, 0, 0);

    assertThatThrownBy(() -> SpsInfo.parse(sps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("4000x30 macroblocks");
  }

  @Test
  void rejectsCroppingThatLeavesNothing() {
    byte[] sps = sps(66, -1, true, 2, 2, new int[] {8, 8, 0, 0}, 0, 0);

    assertThatThrownBy(() -> SpsInfo.parse(sps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("frame cropping");
  }

  @Test
  void rejectsOtherNalTypes() {
    byte[] pps = hex("68efbcb0");

    assertThatThrownBy(() -> SpsInfo.parse(pps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("nal_unit_type 8");
  }

  @Test
  void truncatedSpsNamesTheField() {
    // Cut inside pic_width_in_mbs_minus1 of the high SPS: header, 3 bytes, then 2 more
    byte[] truncated = Arrays.copyOf(HIGH_SPS, 6);

    assertThatThrownBy(() -> SpsInfo.parse(truncated))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageStartingWith("SPS: truncated")
        .hasMessageContaining("bit");
  }

  @Test
  void everyPrefixThroughTheTimingInfoIsRejected() {
    // timing_info of the high SPS ends in its 22nd byte (escaped); any shorter prefix must fail.
    for (int length = 0; length < 22; length++) {
      byte[] prefix = Arrays.copyOf(HIGH_SPS, length);
      assertThatThrownBy(() -> SpsInfo.parse(prefix))
          .as("prefix of %d bytes", length)
          .isInstanceOf(MalformedMediaException.class);
    }
  }

  @Test
  void randomBytesEitherParseOrThrowMalformed() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] nal = new byte[1 + random.nextInt(40)];
      random.nextBytes(nal);
      nal[0] = 0x67;
      try {
        SpsInfo info = SpsInfo.parse(nal);
        assertThat(info.width()).isBetween(1, 16 * SpsInfo.MAX_MBS_PER_DIMENSION);
        assertThat(info.height()).isBetween(1, 16 * SpsInfo.MAX_MBS_PER_DIMENSION);
      } catch (MalformedMediaException expected) {
        assertThat(expected.getMessage()).startsWith("SP");
      }
    }
  }

  /**
   * An SPS with the given profile and picture; chromaFormatIdc -1 for profiles without it, crop
   * {left, right, top, bottom} or null, timing 0/0 for a VUI without timing info.
   */
  static byte[] sps(int profileIdc, int chromaFormatIdc, boolean frameMbsOnly, int widthMbs,
      int heightMapUnits, int[] crop, long numUnitsInTick, long timeScale) {
    SpsWriter w = new SpsWriter().u(8, profileIdc).u(8, 0).u(8, 40).ue(0);
    if (chromaFormatIdc >= 0) {
      w.ue(chromaFormatIdc);
      if (chromaFormatIdc == 3) {
        w.flag(false); // separate_colour_plane_flag
      }
      w.ue(0).ue(0).flag(false).flag(false); // bit depths, bypass, no scaling matrix
    }
    w.ue(0).ue(0).ue(0) // log2_max_frame_num_minus4, pic_order_cnt_type 0, lsb_minus4
        .ue(4).flag(false) // max_num_ref_frames, gaps
        .ue(widthMbs - 1).ue(heightMapUnits - 1).flag(frameMbsOnly);
    if (!frameMbsOnly) {
      w.flag(true); // mb_adaptive_frame_field_flag
    }
    w.flag(true); // direct_8x8_inference_flag
    w.flag(crop != null);
    if (crop != null) {
      w.ue(crop[0]).ue(crop[1]).ue(crop[2]).ue(crop[3]);
    }
    boolean vui = timeScale > 0;
    w.flag(vui);
    if (vui) {
      w.flag(true).u(8, 1) // aspect_ratio_idc 1 (square)
          .flag(false) // overscan
          .flag(true).u(3, 5).flag(false).flag(true).u(8, 1).u(8, 1).u(8, 1) // BT.709
          .flag(false) // chroma_loc
          .flag(true).u(32, numUnitsInTick).u(32, timeScale).flag(true)
          .flag(false).flag(false).flag(false).flag(false); // no HRD, pic_struct, restriction
    }
    return w.toNal();
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
