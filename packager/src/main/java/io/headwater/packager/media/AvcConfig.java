package io.headwater.packager.media;

import java.util.List;
import java.util.Objects;

/**
 * H.264 configuration from an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), with the
 * fields of the first SPS that manifests and muxers need.
 *
 * @param record the whole AVCDecoderConfigurationRecord, as carried in FLV and in MP4 {@code avcC}
 * @param sps sequence parameter set NAL units, without start codes or length prefixes
 * @param pps picture parameter set NAL units, likewise
 * @param nalLengthSize bytes of each NAL unit length prefix in samples (1, 2 or 4)
 * @param profileIdc profile_idc of the SPS (66 baseline, 77 main, 100 high, ...)
 * @param constraintFlags the constraint_set flags byte of the SPS
 * @param levelIdc level_idc of the SPS (31 means level 3.1)
 * @param width displayed width in pixels, after cropping
 * @param height displayed height in pixels, after cropping
 * @param frameRateMilli frame rate times 1000 from the SPS VUI timing info, or 0 when absent
 */
public record AvcConfig(
    byte[] record,
    List<byte[]> sps,
    List<byte[]> pps,
    int nalLengthSize,
    int profileIdc,
    int constraintFlags,
    int levelIdc,
    int width,
    int height,
    int frameRateMilli)
    implements CodecConfig {
  public AvcConfig {
    Objects.requireNonNull(record, "record");
    sps = List.copyOf(sps);
    pps = List.copyOf(pps);
    if (sps.isEmpty() || pps.isEmpty()) {
      throw new IllegalArgumentException("AVC config needs at least one SPS and one PPS");
    }
    if (nalLengthSize != 1 && nalLengthSize != 2 && nalLengthSize != 4) {
      throw new IllegalArgumentException("NAL length size " + nalLengthSize);
    }
  }

  @Override
  public String codecString() {
    return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
  }

  @Override
  public byte[] privateData() {
    return record.clone();
  }
}
