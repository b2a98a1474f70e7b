package io.headwater.packager.fmp4;

/**
 * One sample row of a track run box (ISO/IEC 14496-12 8.8.8.2).
 *
 * @param durationTicks sample_duration, in the track's timescale (unsigned 32-bit)
 * @param sizeBytes sample_size
 * @param flags sample_flags (ISO/IEC 14496-12 8.8.3.1), see {@link FragmentBoxes#SAMPLE_FLAGS_SYNC}
 * @param compositionOffsetTicks sample_composition_time_offset, signed (trun version 1)
 */
public record TrunEntry(long durationTicks, int sizeBytes, int flags, int compositionOffsetTicks) {
  public TrunEntry {
    if (durationTicks < 0 || durationTicks > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("sample_duration " + durationTicks + " outside u32");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sample_size " + sizeBytes);
    }
  }
}
