package io.headwater.packager.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CMAF fragments byte for byte: every track of each sample-media file cut into fragments of 45
 * samples must equal the plain composition of {@code styp}, {@code moof} and an {@code mdat} of
 * the payloads, and, as a whole, the SHA-256 of what the writer produced before it wrote into
 * its final array (commit b57c59a), so no rewrite of the writer changes a byte players get.
 */
class FragmentWriterReferenceTest {
  private static final int SAMPLES_PER_FRAGMENT = 45;

  @ParameterizedTest
  @CsvSource({
    "h264-high-bframes-aac.flv, VIDEO, db133043ff6bf344ab98fdc1b2845005ede6c97db97614a1ed57bee88b9dcc27",
    "h264-high-bframes-aac.flv, AUDIO, 9301680e900a6eec45aee3df523b64b28cce3e9dc58c2e43e87bfb4aef2e5f3b",
    "h264-baseline-aac.flv, VIDEO, b96b94088e3f276c6d4e8fc53149f0c22e145e9e8d3f606e95075188f8649d14",
    "h264-baseline-aac.flv, AUDIO, e24e80508d202fc42f3e1fff687ca98071d0e38a310b738405930a39c6ca732f",
  })
  void fragmentsEqualTheReferenceAndTheFormerOutput(String file, TrackType type, String sha256)
      throws IOException, NoSuchAlgorithmException {
    FlvTestReader.Media media = FlvTestReader.read(FlvTestReader.sampleFile(file), 640, 360);
    TrackFormat format = type == TrackType.VIDEO ? media.video() : media.audio();
    List<Sample> samples = type == TrackType.VIDEO ? media.videoSamples() : media.audioSamples();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int fragments = 0;
    for (int from = 0; from + 1 < samples.size(); from += SAMPLES_PER_FRAGMENT) {
      int to = Math.min(from + SAMPLES_PER_FRAGMENT, samples.size() - 1);
      List<Sample> run = samples.subList(from, to);
      long end = samples.get(to).dtsTicks();
      byte[] ours = FragmentWriter.write(format, fragments + 1, run, end);
      assertThat(ours).as("fragment %d of %s %s", fragments, file, type)
          .isEqualTo(reference(format, fragments + 1, run, end));
      digest.update(ours);
      fragments++;
    }
    assertThat(fragments).isGreaterThan(3);
    assertThat(HexFormat.of().formatHex(digest.digest())).as("SHA-256 of %s %s", file, type)
        .isEqualTo(sha256);
  }

  /** The fragment as separate boxes concatenated: styp, moof, mdat header, payloads. */
  private static byte[] reference(TrackFormat format, long sequence, List<Sample> run, long end)
      throws IOException {
    long[] durations = FragmentWriter.durationsTicks(format, run, end);
    boolean withOffsets = format.type() == TrackType.VIDEO;
    List<TrunEntry> entries = new ArrayList<>();
    int payload = 0;
    for (int i = 0; i < run.size(); i++) {
      Sample s = run.get(i);
      withOffsets |= s.compositionOffsetTicks() != 0;
      entries.add(new TrunEntry(durations[i], s.size(), s.keyframe()
          ? FragmentBoxes.SAMPLE_FLAGS_SYNC : FragmentBoxes.SAMPLE_FLAGS_NON_SYNC,
          s.compositionOffsetTicks()));
      payload += s.size();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(FragmentBoxes.styp());
    out.write(FragmentBoxes.moof(sequence, format.trackId(), run.get(0).dtsTicks(), entries,
        withOffsets));
    out.write(ByteBuffer.allocate(8).putInt(8 + payload).putInt(BoxTypes.MDAT).array());
    for (Sample s : run) {
      ByteBuffer data = s.data();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      out.write(bytes);
    }
    return out.toByteArray();
  }
}
