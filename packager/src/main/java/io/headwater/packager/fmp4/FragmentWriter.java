package io.headwater.packager.fmp4;

import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one CMAF fragment of one track, as a self-contained media segment:
 * {@code styp} + {@code moof} + {@code mdat} (ISO/IEC 23000-19 7.3.2.4).
 *
 * <pre>
 * styp  major msdh, compatible msdh cmfs cmff
 * moof
 * ├── mfhd  sequence_number
 * └── traf
 *     ├── tfhd  track_ID, default-base-is-moof
 *     ├── tfdt  v1, baseMediaDecodeTime = dts of the first sample
 *     └── trun  v1, data_offset -> first byte of mdat payload; per sample duration, size,
 *               flags [, composition offset]
 * mdat  sample payloads in decode order (AVCC access units / raw AAC frames)
 * </pre>
 *
 * <p>Composition offsets are written for every video run (so that a B-frame stream's runs all
 * have the same layout) and for audio runs only when an offset is non-zero.
 */
public final class FragmentWriter {
  /** Most samples accepted in one fragment: 10 minutes of 100 fps video. */
  public static final int MAX_SAMPLES = 60_000;

  private FragmentWriter() {}

  /**
   * The fragment holding {@code samples} (decode order, strictly increasing dts), whose last
   * sample lasts until {@code endDtsTicks} (the dts of the sample that follows the fragment).
   *
   * @throws IllegalArgumentException for an empty or oversized sample list, samples of another
   *     track, non-increasing dts, or an end time not after the last dts
   */
  public static byte[] write(TrackFormat format, long sequenceNumber, List<Sample> samples,
      long endDtsTicks) {
    long[] durations = durationsTicks(format, samples, endDtsTicks);
    boolean withOffsets = format.type() == TrackType.VIDEO;
    List<TrunEntry> entries = new ArrayList<>(samples.size());
    long payloadBytes = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      withOffsets |= s.compositionOffsetTicks() != 0;
      int flags = s.keyframe() ? FragmentBoxes.SAMPLE_FLAGS_SYNC
          : FragmentBoxes.SAMPLE_FLAGS_NON_SYNC;
      entries.add(new TrunEntry(durations[i], s.size(), flags, s.compositionOffsetTicks()));
      payloadBytes += s.size();
    }
    byte[] styp = FragmentBoxes.styp();
    byte[] moof = FragmentBoxes.moof(sequenceNumber, format.trackId(),
        samples.get(0).dtsTicks(), entries, withOffsets);
    long mdatSize = Boxes.BOX_HEADER_SIZE + payloadBytes;
    long total = styp.length + moof.length + mdatSize;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("fragment of " + total + " bytes is too large");
    }
    ByteWriter out = new ByteWriter((int) total);
    out.bytes(styp).bytes(moof);
    out.u32(mdatSize).u32(BoxTypes.MDAT); // ISO/IEC 14496-12 8.1.1 mdat header
    for (Sample s : samples) {
      // Sample payloads are read-only buffers (no array access): one bulk copy into the mdat.
      out.bytes(s.data());
    }
    return out.detach(); // sized exactly above: the writer's own array, no copy
  }

  /**
   * Per-sample durations: next dts minus this dts, and {@code endDtsTicks} minus the last dts
   * for the last sample. Validates the list as {@link #write} documents.
   */
  static long[] durationsTicks(TrackFormat format, List<Sample> samples, long endDtsTicks) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a fragment needs at least one sample");
    }
    if (samples.size() > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          samples.size() + " samples in one fragment (at most " + MAX_SAMPLES + ")");
    }
    long[] durations = new long[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (s.trackId() != format.trackId()) {
        throw new IllegalArgumentException("sample " + i + " belongs to track " + s.trackId()
            + ", not " + format.trackId());
      }
      long next = i + 1 < samples.size() ? samples.get(i + 1).dtsTicks() : endDtsTicks;
      long duration = next - s.dtsTicks();
      if (duration <= 0) {
        throw new IllegalArgumentException(i + 1 < samples.size()
            ? "dts not increasing: sample " + (i + 1) + " dts " + next + " after " + s.dtsTicks()
            : "end dts " + endDtsTicks + " not after the last sample's dts " + s.dtsTicks());
      }
      durations[i] = duration;
    }
    return durations;
  }
}
