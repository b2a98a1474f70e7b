package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.Boxes.wrapIntoBox;
import static io.headwater.packager.fmp4.Boxes.wrapIntoFullBox;

import io.headwater.packager.io.ByteWriter;
import java.util.List;

/**
 * The boxes of a CMAF fragment header ({@code styp}, {@code moof} and its children), one static
 * function per box (ISO/IEC 14496-12 8.8, 8.16.2).
 */
public final class FragmentBoxes {
  /**
   * sample_flags of a sync sample (ISO/IEC 14496-12 8.8.3.1): is_leading(2)=0,
   * sample_depends_on(2)=2 (depends on no other sample), sample_is_depended_on(2)=0,
   * sample_has_redundancy(2)=0, sample_padding_value(3)=0, sample_is_non_sync_sample(1)=0,
   * sample_degradation_priority(16)=0.
   */
  public static final int SAMPLE_FLAGS_SYNC = 0x02000000;

  /** sample_flags of a non-sync sample: sample_depends_on=1, sample_is_non_sync_sample=1. */
  public static final int SAMPLE_FLAGS_NON_SYNC = 0x01010000;

  // ISO/IEC 14496-12 8.8.7.1: base offsets are relative to the first byte of the moof. CMAF
  // requires it (ISO/IEC 23000-19 7.3.2.1), and it makes each moof+mdat pair self-contained.
  static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;

  // ISO/IEC 14496-12 8.8.8.1 tr_flags.
  static final int TRUN_DATA_OFFSET_PRESENT = 0x000001;
  static final int TRUN_SAMPLE_DURATION_PRESENT = 0x000100;
  static final int TRUN_SAMPLE_SIZE_PRESENT = 0x000200;
  static final int TRUN_SAMPLE_FLAGS_PRESENT = 0x000400;
  static final int TRUN_SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT = 0x000800;

  private static final int MFHD_SIZE = Boxes.FULL_BOX_HEADER_SIZE + 4;
  private static final int TFHD_SIZE = Boxes.FULL_BOX_HEADER_SIZE + 4;
  private static final int TFDT_V1_SIZE = Boxes.FULL_BOX_HEADER_SIZE + 8;

  private FragmentBoxes() {}

  /**
   * Segment type box of a CMAF segment made of one CMAF fragment (ISO/IEC 14496-12 8.16.2).
   * Major brand {@code msdh} (ISO/IEC 23009-1 6.3.4.2, a DASH media segment); compatible
   * {@code msdh}, {@code cmfs} (a CMAF segment) and {@code cmff} (a CMAF fragment) (ISO/IEC
   * 23000-19 7.3.2). Not {@code msix}: that brand promises a {@code sidx}, which live segments
   * do not carry.
   */
  public static byte[] styp() {
    return Boxes.fileType(BoxTypes.STYP, BoxTypes.BRAND_MSDH, 0,
        BoxTypes.BRAND_MSDH, BoxTypes.BRAND_CMFS, BoxTypes.BRAND_CMFF);
  }

  /** Movie fragment header (ISO/IEC 14496-12 8.8.5): {@code mfhd v0: sequence_number(32)}. */
  public static byte[] mfhd(long sequenceNumber) {
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("sequence_number " + sequenceNumber + " outside u32");
    }
    ByteWriter out = new ByteWriter(4).u32(sequenceNumber);
    return wrapIntoFullBox(BoxTypes.MFHD, 0, 0, out.toByteArray());
  }

  /**
   * Track fragment header (ISO/IEC 14496-12 8.8.7) with default-base-is-moof and no other
   * fields: {@code tfhd v0 flags=0x020000: track_ID(32)}. No per-fragment defaults: every
   * sample's duration, size and flags are in {@code trun}, so the box never disagrees with it.
   */
  public static byte[] tfhd(int trackId) {
    ByteWriter out = new ByteWriter(4).u32(trackId & 0xFFFFFFFFL);
    return wrapIntoFullBox(BoxTypes.TFHD, 0, TFHD_DEFAULT_BASE_IS_MOOF, out.toByteArray());
  }

  /**
   * Track fragment decode time (ISO/IEC 14496-12 8.8.12), version 1:
   * {@code tfdt v1: baseMediaDecodeTime(64)}. Version 1 always, so that the box size never
   * changes when the time passes 2^32 ticks (13 hours at 90 kHz).
   */
  public static byte[] tfdt(long baseMediaDecodeTimeTicks) {
    if (baseMediaDecodeTimeTicks < 0) {
      throw new IllegalArgumentException("baseMediaDecodeTime " + baseMediaDecodeTimeTicks);
    }
    ByteWriter out = new ByteWriter(8).u64(baseMediaDecodeTimeTicks);
    return wrapIntoFullBox(BoxTypes.TFDT, 1, 0, out.toByteArray());
  }

  /** The trun tr_flags written for runs with or without composition offsets. */
  static int trunFlags(boolean withCompositionOffsets) {
    int flags = TRUN_DATA_OFFSET_PRESENT | TRUN_SAMPLE_DURATION_PRESENT
        | TRUN_SAMPLE_SIZE_PRESENT | TRUN_SAMPLE_FLAGS_PRESENT;
    return withCompositionOffsets ? flags | TRUN_SAMPLE_COMPOSITION_TIME_OFFSETS_PRESENT : flags;
  }

  /** Size in bytes of the {@link #trun} box, known before it is written. */
  public static int trunSize(int sampleCount, boolean withCompositionOffsets) {
    int perSample = withCompositionOffsets ? 16 : 12;
    // FullBox header, sample_count(32), data_offset(32), then the rows.
    return Boxes.FULL_BOX_HEADER_SIZE + 4 + 4 + sampleCount * perSample;
  }

  /**
   * Track run (ISO/IEC 14496-12 8.8.8), version 1 so that composition offsets are signed.
   *
   * <pre>
   * trun v1 flags=0x000701 (|0x000800 with offsets): sample_count(32) data_offset(s32)
   *   per sample: sample_duration(32) sample_size(32) sample_flags(32)
   *               [sample_composition_time_offset(s32)]
   * </pre>
   *
   * @param dataOffset bytes from the first byte of the moof to the first sample's first byte
   */
  public static byte[] trun(List<TrunEntry> entries, boolean withCompositionOffsets,
      int dataOffset) {
    ByteWriter out = new ByteWriter(trunSize(entries.size(), withCompositionOffsets));
    out.u32(entries.size()); // sample_count
    out.u32(dataOffset & 0xFFFFFFFFL); // data_offset
    for (TrunEntry e : entries) {
      out.u32(e.durationTicks()); // sample_duration
      out.u32(e.sizeBytes()); // sample_size
      out.u32(e.flags() & 0xFFFFFFFFL); // sample_flags
      if (withCompositionOffsets) {
        out.u32(e.compositionOffsetTicks() & 0xFFFFFFFFL); // sample_composition_time_offset
      }
    }
    return wrapIntoFullBox(BoxTypes.TRUN, 1, trunFlags(withCompositionOffsets),
        out.toByteArray());
  }

  /** Size in bytes of the {@link #moof} box for a run of {@code sampleCount} samples. */
  public static int moofSize(int sampleCount, boolean withCompositionOffsets) {
    int traf = Boxes.BOX_HEADER_SIZE + TFHD_SIZE + TFDT_V1_SIZE
        + trunSize(sampleCount, withCompositionOffsets);
    return Boxes.BOX_HEADER_SIZE + MFHD_SIZE + traf;
  }

  /**
   * A movie fragment with one track fragment whose run points into the {@code mdat} that
   * follows the moof immediately (data_offset = moof size + the 8-byte mdat header).
   *
   * <pre>
   * moof
   * ├── mfhd  sequence_number
   * └── traf
   *     ├── tfhd  track_ID, default-base-is-moof
   *     ├── tfdt  baseMediaDecodeTime (v1)
   *     └── trun  v1, one row per sample
   * </pre>
   */
  public static byte[] moof(long sequenceNumber, int trackId, long baseMediaDecodeTimeTicks,
      List<TrunEntry> entries, boolean withCompositionOffsets) {
    int dataOffset = moofSize(entries.size(), withCompositionOffsets) + Boxes.BOX_HEADER_SIZE;
    byte[] traf = wrapIntoBox(BoxTypes.TRAF,
        tfhd(trackId),
        tfdt(baseMediaDecodeTimeTicks),
        trun(entries, withCompositionOffsets, dataOffset));
    return wrapIntoBox(BoxTypes.MOOF, mfhd(sequenceNumber), traf);
  }
}
