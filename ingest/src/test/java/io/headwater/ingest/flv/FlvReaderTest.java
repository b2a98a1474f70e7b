package io.headwater.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlvReaderTest {
  private static final String HIGH = "h264-high-bframes-aac.flv";

  @Test
  void readsEveryTagOfASampleFile() throws Exception {
    List<FlvTag> tags = readAll(new ByteArrayInputStream(sampleBytes(HIGH)));

    // onMetaData, two sequence headers, 300 video frames, 470 audio frames, end of sequence
    assertThat(tags).hasSize(1 + 2 + 300 + 470 + 1);
    assertThat(tags.get(0).type()).isEqualTo(FlvTag.SCRIPT_DATA);
    assertThat(tags.stream().filter(t -> t.type() == FlvTag.VIDEO)).hasSize(302);
    FlvTag last = tags.get(tags.size() - 1);
    assertThat(last.type()).isEqualTo(FlvTag.VIDEO);
    assertThat(last.body()).startsWith(0x17, 2); // AVCPacketType 2: end of sequence
    assertThat(tags.stream().filter(t -> t.type() == FlvTag.AUDIO)).hasSize(471);
    assertThat(tags.get(tags.size() - 1).timestampMs()).isBetween(9_900L, 10_100L);
  }

  @Test
  void aStreamThatReturnsOneByteAtATimeGivesTheSameTags() throws Exception {
    byte[] file = sampleBytes(HIGH);
    List<FlvTag> whole = readAll(new ByteArrayInputStream(file));

    List<FlvTag> trickled = readAll(new OneByteAtATime(new ByteArrayInputStream(file)));

    assertThat(trickled).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(trickled.get(i).type()).isEqualTo(whole.get(i).type());
      assertThat(trickled.get(i).timestampMs()).isEqualTo(whole.get(i).timestampMs());
      assertThat(trickled.get(i).body()).as("body of tag %d", i).isEqualTo(whole.get(i).body());
    }
  }

  @Test
  void headerFlagsAndEmptyBody() throws Exception {
    FlvReader reader = new FlvReader(new ByteArrayInputStream(FlvBytes.file().toByteArray()));

    assertThat(reader.header()).isEqualTo(new FlvHeader(1, true, true, 9));
    assertThat(reader.next()).isNull();
    assertThat(reader.next()).isNull();
  }

  @Test
  void everyCutEndsCleanlyAtATagBoundaryAndIsMalformedElsewhere() throws Exception {
    byte[] file = Arrays.copyOf(sampleBytes(HIGH), 3_000);
    Set<Integer> boundaries = new HashSet<>();
    FlvReader full = new FlvReader(new ByteArrayInputStream(sampleBytes(HIGH)));
    full.header();
    boundaries.add((int) full.offset());
    while (full.offset() < file.length && full.next() != null) {
      boundaries.add((int) full.offset()); // after the PreviousTagSize
      boundaries.add((int) full.offset() - 4); // a file may end without the last one
    }

    for (int cut = 0; cut < file.length; cut++) {
      byte[] truncated = Arrays.copyOf(file, cut);
      if (cut >= 13 && boundaries.contains(cut)) {
        assertThat(readAll(new ByteArrayInputStream(truncated))).as("cut at %d", cut)
            .isNotNull();
      } else {
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(truncated)))
            .as("cut at %d", cut)
            .isInstanceOf(MalformedMediaException.class)
            .hasMessageContaining("truncated FLV");
      }
    }
  }

  @Test
  void badSignatureIsRejected() {
    byte[] file = FlvBytes.file().toByteArray();
    file[0] = 'G';

    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(file)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("bad FLV Signature");
  }

  @Test
  void otherVersionsAndHugeDataOffsetsAreRejected() {
    byte[] version2 = FlvBytes.file().toByteArray();
    version2[3] = 2;
    byte[] hugeOffset = FlvBytes.file().toByteArray();
    hugeOffset[5] = 0x7F; // DataOffset near 2 GiB

    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(version2)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("FLV Version 2");
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(hugeOffset)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("DataOffset 2130706441");
  }

  @Test
  void tagSizeAboveTheCapIsRejectedBeforeReadingTheBody() throws Exception {
    byte[] file = FlvBytes.file().tag(FlvTag.VIDEO, 0, new byte[101]).toByteArray();

    assertThatThrownBy(() -> new FlvReader(new ByteArrayInputStream(file), 100).next())
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("FLV DataSize 101 at offset 14 exceeds the limit of 100 bytes");
    assertThat(new FlvReader(new ByteArrayInputStream(file), 101).next().body()).hasSize(101);
  }

  @Test
  void largestDataSizeOnTheWireIsRejectedByTheDefaultCap() {
    // A header declaring 0xFFFFFF bytes, with no body behind it
    byte[] file = FlvBytes.file()
        .raw(new byte[] {9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0})
        .toByteArray();

    assertThatThrownBy(() -> new FlvReader(new ByteArrayInputStream(file)).next())
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("DataSize 16777215")
        .hasMessageContaining("exceeds the limit of " + FlvReader.DEFAULT_MAX_TAG_BYTES);
  }

  @Test
  void filterBitIsRejected() {
    byte[] file = FlvBytes.file().tag(0x20 | FlvTag.AUDIO, 0, new byte[] {(byte) 0xAF, 1})
        .toByteArray();

    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(file)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("Filter bit");
  }

  @Test
  void timestampExtendedIsTheUpperByte() throws Exception {
    byte[] file = FlvBytes.file().tag(FlvTag.VIDEO, 0x01000005L, new byte[] {1}).toByteArray();

    assertThat(readAll(new ByteArrayInputStream(file))).singleElement()
        .extracting(FlvTag::timestampMs).isEqualTo(16_777_221L);
  }

  @Test
  void timestampsUnwrapPast32Bits() throws Exception {
    byte[] file = FlvBytes.file()
        .tag(FlvTag.VIDEO, 0xFFFFFF00L, new byte[] {2})
        .tag(FlvTag.AUDIO, 0xFFFFFEF6L, new byte[] {3}) // audio 10 ms behind: stays behind
        .tag(FlvTag.VIDEO, 0x00000010L, new byte[] {4}) // wrapped past 2^32
        .toByteArray();

    List<FlvTag> tags = readAll(new ByteArrayInputStream(file));

    assertThat(tags).extracting(FlvTag::timestampMs)
        .containsExactly(0xFFFFFF00L, 0xFFFFFEF6L, 0x1_0000_0010L);
  }

  static List<FlvTag> readAll(InputStream in) throws IOException, MalformedMediaException {
    FlvReader reader = new FlvReader(in);
    List<FlvTag> tags = new ArrayList<>();
    for (FlvTag tag = reader.next(); tag != null; tag = reader.next()) {
      tags.add(tag);
    }
    return tags;
  }

  static byte[] sampleBytes(String file) throws IOException {
    try (InputStream in = FlvSampleMediaTest.resource(file)) {
      return in.readAllBytes();
    }
  }

  /** Returns at most one byte per read, like a slow socket. */
  private static final class OneByteAtATime extends FilterInputStream {
    OneByteAtATime(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
