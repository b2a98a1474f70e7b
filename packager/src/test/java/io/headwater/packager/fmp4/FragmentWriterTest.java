package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.CmafTestData.parse;
import static io.headwater.packager.fmp4.CmafTestData.payload;
import static io.headwater.packager.fmp4.CmafTestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SegmentTypeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.mp4parser.tools.Path;

/** Reads fragments back with mp4parser and checks them against the samples written. */
class FragmentWriterTest {
  private static final TrackFormat VIDEO = CmafTestData.video(640, 360);
  private static final TrackFormat AUDIO = CmafTestData.audio48k();

  /** A B-frame GOP in decode order: I P B B P B B at 30 fps (3000 ticks at 90 kHz). */
  private static List<Sample> bframeGop(long firstDts) {
    int[] ctsFrames = {2, 4, 1, 1, 3, 1, 1}; // composition offsets in frames (pts = dts + cts)
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < ctsFrames.length; i++) {
      out.add(Sample.of(TrackFormat.VIDEO_TRACK_ID, firstDts + 3000L * i, ctsFrames[i] * 3000,
          i == 0, payload(i, 100 + 13 * i)));
    }
    return out;
  }

  @Test
  void videoFragmentReadsBackSampleForSample() throws Exception {
    List<Sample> samples = bframeGop(900_000);
    long endDts = 900_000 + 3000L * samples.size();
    byte[] fragment = FragmentWriter.write(VIDEO, 42, samples, endDts);
    try (IsoFile iso = parse(fragment)) {
      assertThat(types(iso)).containsExactly("styp", "moof", "mdat");
      assertThat(iso.getSize()).isEqualTo(fragment.length);
      SegmentTypeBox styp = Path.getPath(iso, "styp");
      assertThat(styp.getMajorBrand()).isEqualTo("msdh");
      assertThat(styp.getCompatibleBrands()).containsExactly("msdh", "cmfs", "cmff");
      assertThat(types(Path.getPath(iso, "moof"))).containsExactly("mfhd", "traf");
      assertThat(types(Path.getPath(iso, "moof/traf"))).containsExactly("tfhd", "tfdt", "trun");

      MovieFragmentHeaderBox mfhd = Path.getPath(iso, "moof/mfhd");
      assertThat(mfhd.getSequenceNumber()).isEqualTo(42);
      TrackFragmentHeaderBox tfhd = Path.getPath(iso, "moof/traf/tfhd");
      assertThat(tfhd.getTrackId()).isEqualTo(1);
      assertThat(tfhd.isDefaultBaseIsMoof()).isTrue();
      assertThat(tfhd.hasBaseDataOffset()).isFalse();
      assertThat(tfhd.hasDefaultSampleDuration()).isFalse();
      TrackFragmentBaseMediaDecodeTimeBox tfdt = Path.getPath(iso, "moof/traf/tfdt");
      assertThat(tfdt.getVersion()).isEqualTo(1);
      assertThat(tfdt.getBaseMediaDecodeTime()).isEqualTo(900_000);

      TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
      assertThat(trun.getVersion()).isEqualTo(1);
      assertThat(trun.getSampleCount()).isEqualTo(samples.size());
      assertThat(trun.isSampleCompositionTimeOffsetPresent()).isTrue();
      for (int i = 0; i < samples.size(); i++) {
        TrackRunBox.Entry e = trun.getEntries().get(i);
        Sample s = samples.get(i);
        assertThat(e.getSampleDuration()).as("duration %d", i).isEqualTo(3000);
        assertThat(e.getSampleSize()).as("size %d", i).isEqualTo(s.size());
        assertThat(e.getSampleCompositionTimeOffset()).as("cts %d", i)
            .isEqualTo(s.compositionOffsetTicks());
        assertThat(e.getSampleFlags().getSampleDependsOn()).as("depends_on %d", i)
            .isEqualTo(s.keyframe() ? 2 : 1);
        assertThat(e.getSampleFlags().isSampleIsDifferenceSample()).as("non-sync %d", i)
            .isEqualTo(!s.keyframe());
      }
      assertSamplesAtDataOffset(fragment, iso, trun, samples);
    }
  }

  /** data_offset counts from the first byte of the moof (default-base-is-moof). */
  private static void assertSamplesAtDataOffset(byte[] fragment, IsoFile iso, TrackRunBox trun,
      List<Sample> samples) {
    int moofStart = (int) Path.getPath(iso, "styp").getSize();
    int position = moofStart + trun.getDataOffset();
    int mdatStart = moofStart + (int) Path.getPath(iso, "moof").getSize();
    assertThat(position).isEqualTo(mdatStart + 8);
    for (Sample s : samples) {
      byte[] expected = new byte[s.size()];
      s.data().get(expected);
      assertThat(Arrays.copyOfRange(fragment, position, position + s.size()))
          .containsExactly(expected);
      position += s.size();
    }
    assertThat(position).isEqualTo(fragment.length);
  }

  @Test
  void lastDurationRunsToTheEndTime() throws Exception {
    List<Sample> samples = List.of(
        Sample.of(1, 0, 0, true, payload(0, 10)),
        Sample.of(1, 3003, 0, false, payload(1, 10)),
        Sample.of(1, 6006, 0, false, payload(2, 10)));
    try (IsoFile iso = parse(FragmentWriter.write(VIDEO, 1, samples, 6006 + 2999))) {
      TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
      assertThat(trun.getEntries()).extracting(TrackRunBox.Entry::getSampleDuration)
          .containsExactly(3003L, 3003L, 2999L);
    }
  }

  @Test
  void negativeCompositionOffsetsSurviveAsSigned() throws Exception {
    List<Sample> samples = List.of(
        Sample.of(1, 0, 0, true, payload(0, 10)),
        Sample.of(1, 3000, -3000, false, payload(1, 10)));
    try (IsoFile iso = parse(FragmentWriter.write(VIDEO, 1, samples, 6000))) {
      TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
      assertThat(trun.getEntries()).extracting(TrackRunBox.Entry::getSampleCompositionTimeOffset)
          .containsExactly(0L, -3000L);
    }
  }

  @Test
  void audioFragmentHasNoCompositionOffsetsAndOnlySyncSamples() throws Exception {
    List<Sample> samples = CmafTestData.audioFrames(96_000, 94);
    byte[] fragment = FragmentWriter.write(AUDIO, 7, samples, 96_000 + 94 * 1024);
    try (IsoFile iso = parse(fragment)) {
      TrackFragmentHeaderBox tfhd = Path.getPath(iso, "moof/traf/tfhd");
      assertThat(tfhd.getTrackId()).isEqualTo(2);
      TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
      assertThat(trun.isSampleCompositionTimeOffsetPresent()).isFalse();
      assertThat(trun.getEntries()).hasSize(94).allSatisfy(e -> {
        assertThat(e.getSampleDuration()).isEqualTo(1024);
        assertThat(e.getSampleFlags().getSampleDependsOn()).isEqualTo(2);
        assertThat(e.getSampleFlags().isSampleIsDifferenceSample()).isFalse();
      });
      TrackFragmentBaseMediaDecodeTimeBox tfdt = Path.getPath(iso, "moof/traf/tfdt");
      assertThat(tfdt.getBaseMediaDecodeTime()).isEqualTo(96_000);
      assertSamplesAtDataOffset(fragment, iso, trun, samples);
    }
  }

  @Test
  void samplesAreReadFromTheirBufferPositionNotTheBackingArray() throws Exception {
    byte[] backing = {9, 9, 1, 2, 3, 9};
    Sample s = new Sample(2, 0, 0, true, ByteBuffer.wrap(backing, 2, 3).slice());
    byte[] fragment = FragmentWriter.write(AUDIO, 1, List.of(s), 1024);
    assertThat(Arrays.copyOfRange(fragment, fragment.length - 3, fragment.length))
        .containsExactly(1, 2, 3);
  }

  @Test
  void rejectsEmptyAndOutOfOrderInput() {
    assertThatThrownBy(() -> FragmentWriter.write(VIDEO, 1, List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    List<Sample> backwards = List.of(
        Sample.of(1, 3000, 0, true, payload(0, 4)), Sample.of(1, 0, 0, false, payload(1, 4)));
    assertThatThrownBy(() -> FragmentWriter.write(VIDEO, 1, backwards, 6000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dts not increasing");
    List<Sample> repeated = List.of(
        Sample.of(1, 0, 0, true, payload(0, 4)), Sample.of(1, 0, 0, false, payload(1, 4)));
    assertThatThrownBy(() -> FragmentWriter.write(VIDEO, 1, repeated, 6000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dts not increasing");
    List<Sample> one = List.of(Sample.of(1, 3000, 0, true, payload(0, 4)));
    assertThatThrownBy(() -> FragmentWriter.write(VIDEO, 1, one, 3000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end dts");
    assertThatThrownBy(() -> FragmentWriter.write(AUDIO, 1, one, 6000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track");
    List<Sample> negative = List.of(Sample.of(1, -3000, 0, true, payload(0, 4)));
    assertThatThrownBy(() -> FragmentWriter.write(VIDEO, 1, negative, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseMediaDecodeTime");
  }
}
