package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.CmafTestData.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.mp4parser.tools.Path;

/**
 * Ten minutes of 48 kHz AAC cut into ~2 s fragments: each fragment's tfdt must continue exactly
 * where the previous one's samples ended, with no drift from rounding (DESIGN.md "Time").
 */
class TfdtContinuityTest {
  private static final int SAMPLE_RATE = 48_000;
  private static final long FRAGMENT_TICKS = 2L * SAMPLE_RATE;
  /** Start past 2^32 ticks so that a 32-bit tfdt would have wrapped. */
  private static final long FIRST_DTS = 5_000_000_000L;

  @Test
  void tenMinutesOfAudioFragmentsAreContiguous() throws Exception {
    TrackFormat format = CmafTestData.audio48k();
    int frameCount = 10 * 60 * SAMPLE_RATE / 1024; // 28125 frames, exactly 600 s
    List<Sample> all = CmafTestData.audioFrames(FIRST_DTS, frameCount);
    long endOfStream = FIRST_DTS + 1024L * frameCount;

    List<byte[]> fragments = new ArrayList<>();
    int start = 0;
    long boundary = FIRST_DTS + FRAGMENT_TICKS;
    for (int i = 0; i <= frameCount; i++) {
      boolean last = i == frameCount;
      if (last || all.get(i).dtsTicks() >= boundary) {
        long end = last ? endOfStream : all.get(i).dtsTicks();
        long sequenceNumber = fragments.size() + 1;
        fragments.add(FragmentWriter.write(format, sequenceNumber, all.subList(start, i), end));
        start = i;
        boundary += FRAGMENT_TICKS;
      }
    }
    assertThat(fragments).hasSize(300);

    long expectedTfdt = FIRST_DTS;
    int samplesSeen = 0;
    for (int k = 0; k < fragments.size(); k++) {
      try (IsoFile iso = parse(fragments.get(k))) {
        MovieFragmentHeaderBox mfhd = Path.getPath(iso, "moof/mfhd");
        assertThat(mfhd.getSequenceNumber()).isEqualTo(k + 1);
        TrackFragmentBaseMediaDecodeTimeBox tfdt = Path.getPath(iso, "moof/traf/tfdt");
        assertThat(tfdt.getBaseMediaDecodeTime()).as("tfdt of fragment %d", k)
            .isEqualTo(expectedTfdt);
        // Fragments start on the first frame at or after each 2 s mark: never a frame late.
        assertThat(tfdt.getBaseMediaDecodeTime() - (FIRST_DTS + k * FRAGMENT_TICKS))
            .isBetween(0L, 1023L);
        TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
        for (TrackRunBox.Entry e : trun.getEntries()) {
          expectedTfdt += e.getSampleDuration();
        }
        samplesSeen += trun.getEntries().size();
      }
    }
    assertThat(samplesSeen).isEqualTo(frameCount);
    assertThat(expectedTfdt).isEqualTo(endOfStream);
  }
}
