package io.headwater.packager.codec.h264;

import io.headwater.packager.io.BitReader;
import io.headwater.packager.io.MalformedMediaException;

/**
 * What an H.264 sequence parameter set tells the packager: profile and level for the RFC 6381
 * codec string, the displayed picture size and the frame rate.
 *
 * <p>The parse reads seq_parameter_set_data (ITU-T H.264 7.3.2.1.1) and the VUI up to
 * timing_info (E.1.1) with the bounds-checked {@link BitReader}: it allocates nothing from values
 * on the wire and reports truncation, which a zero-padding reader would hide.
 *
 * @param profileIdc profile_idc (66 baseline, 77 main, 100 high, ...)
 * @param constraintFlags the byte holding constraint_set0..5_flag and reserved_zero_2bits
 * @param levelIdc level_idc (30 means level 3.0)
 * @param seqParameterSetId seq_parameter_set_id
 * @param chromaFormatIdc chroma_format_idc (1 = 4:2:0, inferred when the profile omits it)
 * @param frameMbsOnly frame_mbs_only_flag (false: the stream may carry field pictures)
 * @param width displayed width in pixels, after frame cropping
 * @param height displayed height in pixels, after frame cropping
 * @param frameRateMilli time_scale / (2 * num_units_in_tick) * 1000, rounded, or 0 when the VUI
 *     carries no timing info
 */
public record SpsInfo(
    int profileIdc,
    int constraintFlags,
    int levelIdc,
    int seqParameterSetId,
    int chromaFormatIdc,
    boolean frameMbsOnly,
    int width,
    int height,
    int frameRateMilli) {

  /** Largest PicWidthInMbs or FrameHeightInMbs any level allows: Sqrt(MaxFS * 8), Annex A.3.1. */
  static final int MAX_MBS_PER_DIMENSION = 1055;

  /** Extended_SAR: aspect_ratio_idc followed by explicit sar_width and sar_height (Table E-1). */
  private static final int EXTENDED_SAR = 255;

  /**
   * Parses a complete SPS NAL unit (header byte included, emulation prevention bytes still in
   * place, no start code or length prefix).
   */
  public static SpsInfo parse(byte[] nal) throws MalformedMediaException {
    return parse(nal, 0, nal.length);
  }

  /** {@link #parse(byte[])} of the NAL unit at {@code nal[offset, offset + length)}. */
  public static SpsInfo parse(byte[] nal, int offset, int length)
      throws MalformedMediaException {
    if (length < 4) {
      throw new MalformedMediaException("SPS NAL unit of " + length
          + " bytes is shorter than header, profile_idc, constraint flags and level_idc");
    }
    int nalType = NalUnits.type(nal[offset]);
    if (nalType != NalUnits.TYPE_SPS) {
      throw new MalformedMediaException("expected an SPS (nal_unit_type 7), found nal_unit_type "
          + nalType);
    }
    byte[] rbsp = NalUnits.unescapeRbsp(nal, offset + 1, length - 1);
    try {
      return parseRbsp(new BitReader(rbsp));
    } catch (MalformedMediaException e) {
      throw new MalformedMediaException("SPS: " + e.getMessage(), e);
    }
  }

  // ITU-T H.264 7.3.2.1.1 seq_parameter_set_data()
  private static SpsInfo parseRbsp(BitReader in) throws MalformedMediaException {
    int profileIdc = in.readBits(8, "profile_idc");
    int constraintFlags = in.readBits(8, "constraint_set0..5_flag, reserved_zero_2bits");
    int levelIdc = in.readBits(8, "level_idc");
    int spsId = in.readUe("seq_parameter_set_id");
    if (spsId > 31) {
      throw new MalformedMediaException("seq_parameter_set_id " + spsId + " above 31");
    }
    int chromaFormatIdc = 1; // inferred 4:2:0 when absent (7.4.2.1.1)
    boolean separateColourPlane = false;
    if (hasChromaInfo(profileIdc)) {
      chromaFormatIdc = in.readUe("chroma_format_idc");
      if (chromaFormatIdc > 3) {
        throw new MalformedMediaException("chroma_format_idc " + chromaFormatIdc + " above 3");
      }
      if (chromaFormatIdc == 3) {
        separateColourPlane = in.readBit("separate_colour_plane_flag");
      }
      in.readUe("bit_depth_luma_minus8");
      in.readUe("bit_depth_chroma_minus8");
      in.skipBits(1, "qpprime_y_zero_transform_bypass_flag");
      if (in.readBit("seq_scaling_matrix_present_flag")) {
        int lists = chromaFormatIdc != 3 ? 8 : 12;
        for (int i = 0; i < lists; i++) {
          if (in.readBit("seq_scaling_list_present_flag")) {
            skipScalingList(in, i < 6 ? 16 : 64);
          }
        }
      }
    }
    in.readUe("log2_max_frame_num_minus4");
    int picOrderCntType = in.readUe("pic_order_cnt_type");
    if (picOrderCntType == 0) {
      in.readUe("log2_max_pic_order_cnt_lsb_minus4");
    } else if (picOrderCntType == 1) {
      in.skipBits(1, "delta_pic_order_always_zero_flag");
      in.readSe("offset_for_non_ref_pic");
      in.readSe("offset_for_top_to_bottom_field");
      int cycle = in.readUe("num_ref_frames_in_pic_order_cnt_cycle");
      if (cycle > 255) { // range 0..255, 7.4.2.1.1
        throw new MalformedMediaException("num_ref_frames_in_pic_order_cnt_cycle " + cycle
            + " above 255");
      }
      for (int i = 0; i < cycle; i++) {
        in.readSe("offset_for_ref_frame");
      }
    } else if (picOrderCntType != 2) {
      throw new MalformedMediaException("pic_order_cnt_type " + picOrderCntType + " above 2");
    }
    in.readUe("max_num_ref_frames");
    in.skipBits(1, "gaps_in_frame_num_value_allowed_flag");
    int widthMbsMinus1 = in.readUe("pic_width_in_mbs_minus1");
    int heightMapUnitsMinus1 = in.readUe("pic_height_in_map_units_minus1");
    boolean frameMbsOnly = in.readBit("frame_mbs_only_flag");
    if (!frameMbsOnly) {
      in.skipBits(1, "mb_adaptive_frame_field_flag");
    }
    in.skipBits(1, "direct_8x8_inference_flag");

    // Picture size in luma samples, 7.4.2.1.1 (7-13 to 7-19)
    long widthMbs = widthMbsMinus1 + 1L;
    long heightMbs = (2 - (frameMbsOnly ? 1 : 0)) * (heightMapUnitsMinus1 + 1L);
    if (widthMbs > MAX_MBS_PER_DIMENSION || heightMbs > MAX_MBS_PER_DIMENSION) {
      throw new MalformedMediaException("picture of " + widthMbs + "x" + heightMbs
          + " macroblocks exceeds " + MAX_MBS_PER_DIMENSION + " per dimension (Annex A)");
    }
    long width = widthMbs * 16;
    long height = heightMbs * 16;
    if (in.readBit("frame_cropping_flag")) {
      long left = in.readUe("frame_crop_left_offset");
      long right = in.readUe("frame_crop_right_offset");
      long top = in.readUe("frame_crop_top_offset");
      long bottom = in.readUe("frame_crop_bottom_offset");
      // CropUnitX/CropUnitY, 7.4.2.1.1 (7-19 to 7-22); ChromaArrayType is 0 for monochrome and
      // for separately coded colour planes, else chroma_format_idc (SubWidthC, Table 6-1).
      int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
      int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
      int subHeightC = chromaArrayType == 1 ? 2 : 1;
      long cropUnitX = chromaArrayType == 0 ? 1 : subWidthC;
      long cropUnitY = (chromaArrayType == 0 ? 1 : subHeightC) * (2 - (frameMbsOnly ? 1 : 0));
      width -= cropUnitX * (left + right);
      height -= cropUnitY * (top + bottom);
      if (width <= 0 || height <= 0) {
        throw new MalformedMediaException("frame cropping (" + left + ", " + right + ", " + top
            + ", " + bottom + ") leaves no picture of " + widthMbs * 16 + "x" + heightMbs * 16);
      }
    }
    int frameRateMilli = 0;
    if (in.readBit("vui_parameters_present_flag")) {
      frameRateMilli = readVuiFrameRateMilli(in);
    }
    return new SpsInfo(profileIdc, constraintFlags, levelIdc, spsId, chromaFormatIdc,
        frameMbsOnly, (int) width, (int) height, frameRateMilli);
  }

  /** Profiles whose SPS carries chroma_format_idc and the fields after it (7.3.2.1.1). */
  private static boolean hasChromaInfo(int profileIdc) {
    switch (profileIdc) {
      case 100: case 110: case 122: case 244: case 44: case 83: case 86: case 118: case 128:
      case 138: case 139: case 134: case 135:
        return true;
      default:
        return false;
    }
  }

  // 7.3.2.1.1.1 scaling_list(): delta_scale values until nextScale becomes 0
  private static void skipScalingList(BitReader in, int size) throws MalformedMediaException {
    int lastScale = 8;
    int nextScale = 8;
    for (int j = 0; j < size; j++) {
      if (nextScale != 0) {
        int deltaScale = in.readSe("delta_scale");
        nextScale = (lastScale + deltaScale + 256) % 256;
      }
      lastScale = nextScale == 0 ? lastScale : nextScale;
    }
  }

  // E.1.1 vui_parameters(), read up to and including timing_info
  private static int readVuiFrameRateMilli(BitReader in) throws MalformedMediaException {
    if (in.readBit("aspect_ratio_info_present_flag")) {
      if (in.readBits(8, "aspect_ratio_idc") == EXTENDED_SAR) {
        in.skipBits(32, "sar_width, sar_height"); // u(16) u(16)
      }
    }
    if (in.readBit("overscan_info_present_flag")) {
      in.skipBits(1, "overscan_appropriate_flag");
    }
    if (in.readBit("video_signal_type_present_flag")) {
      in.skipBits(4, "video_format, video_full_range_flag"); // u(3) u(1)
      if (in.readBit("colour_description_present_flag")) {
        in.skipBits(24, "colour_primaries, transfer_characteristics, matrix_coefficients");
      }
    }
    if (in.readBit("chroma_loc_info_present_flag")) {
      in.readUe("chroma_sample_loc_type_top_field");
      in.readUe("chroma_sample_loc_type_bottom_field");
    }
    if (!in.readBit("timing_info_present_flag")) {
      return 0;
    }
    long numUnitsInTick = in.readBitsLong(32, "num_units_in_tick");
    long timeScale = in.readBitsLong(32, "time_scale");
    if (numUnitsInTick == 0 || timeScale == 0) {
      return 0; // both "shall be greater than 0" (E.2.1); treat as absent
    }
    // A frame lasts two ticks for progressive content (E.2.1, equation C-1 with field pairs).
    long milli = (timeScale * 1000 + numUnitsInTick) / (2 * numUnitsInTick); // rounded half up
    return milli > Integer.MAX_VALUE ? 0 : (int) milli;
  }
}
