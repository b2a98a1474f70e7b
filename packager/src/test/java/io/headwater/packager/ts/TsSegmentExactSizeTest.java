package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Sample;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TS writer sizes each segment before writing it: the packet count it predicts per PES must
 * be what {@link TsPacketWriter} writes, the segments of each sample-media file must stay those
 * of the writer that grew a buffer and copied it (SHA-256 of commit b57c59a's output), and a
 * malformed sample is still refused when it is written, not when its segment ends.
 */
class TsSegmentExactSizeTest {
  private static final int SAMPLES_PER_SEGMENT = 60;

  @Test
  void predictedPacketCountsAreWhatThePacketWriterWrites() {
    TsPacketWriter packets = new TsPacketWriter();
    for (int length = 0; length <= 3 * TsPacketWriter.PACKET_SIZE + 10; length++) {
      for (int flags = 0; flags < 4; flags++) {
        boolean withPcr = (flags & 1) != 0;
        boolean randomAccess = (flags & 2) != 0;
        ByteWriter out = new ByteWriter();
        packets.writePes(0x100, new byte[length], withPcr ? 12_345 : TsPacketWriter.NO_PCR,
            randomAccess, out);
        assertThat(out.size()).as("PES of %d bytes, PCR %s, random access %s", length, withPcr,
            randomAccess).isEqualTo(TsPacketWriter.PACKET_SIZE
            * TsPacketWriter.packetCount(length, withPcr, randomAccess));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "h264-high-bframes-aac.flv, 5fa6e734bb6d2fff8022e60b3e19f0921363e4283e209b734165586183fb1c16",
    "h264-baseline-aac.flv, 44348e1fdc0ce5a005394f3c81219af269c49c7950ea5f60ceba7d9e5912d823",
    "aac-only.flv, 31b649c01c888d4914793da08229577d521ccfbe3ccd4cf6e276e1909e0d1738",
    "h264-only.flv, 98f434a65a4dc076c4a8457142339a27d89cfef43d0cf903ba333b3dcc6f871e",
  })
  void segmentsAreTheFormerWritersByteForByte(String file, String sha256)
      throws IOException, MalformedMediaException, NoSuchAlgorithmException {
    FlvSamples.Media media = FlvSamples.read(file);
    TsSegmentWriter writer = new TsSegmentWriter(media.video(), media.audio());
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int n = 0;
    int segments = 0;
    for (TsSegmentWriterTest.Input in : media.inputs()) {
      if (n % SAMPLES_PER_SEGMENT == 0) {
        if (n > 0) {
          digest.update(finish(writer));
          segments++;
        }
        writer.startSegment();
      }
      writer.writeSample(in.format(), in.sample());
      n++;
    }
    digest.update(finish(writer));
    assertThat(segments + 1).isGreaterThan(3);
    assertThat(HexFormat.of().formatHex(digest.digest())).as("SHA-256 of %s", file)
        .isEqualTo(sha256);
  }

  @ParameterizedTest
  @CsvSource({"h264-high-bframes-aac.flv", "h264-baseline-aac.flv", "aac-only.flv",
      "h264-only.flv"})
  void segmentsWrittenIntoABufferAreTheArraysByteForByte(String file)
      throws IOException, MalformedMediaException {
    FlvSamples.Media media = FlvSamples.read(file);
    TsSegmentWriter toArray = new TsSegmentWriter(media.video(), media.audio());
    TsSegmentWriter toBuffer = new TsSegmentWriter(media.video(), media.audio());
    int n = 0;
    int segments = 0;
    for (TsSegmentWriterTest.Input in : media.inputs()) {
      if (n % SAMPLES_PER_SEGMENT == 0) {
        if (n > 0) {
          assertSameSegment(toArray, toBuffer);
          segments++;
        }
        toArray.startSegment();
        toBuffer.startSegment();
      }
      toArray.writeSample(in.format(), in.sample());
      toBuffer.writeSample(in.format(), in.sample());
      n++;
    }
    assertSameSegment(toArray, toBuffer);
    assertThat(segments + 1).isGreaterThan(3);
  }

  @Test
  void aBufferTooSmallIsRefusedBeforeTheSegmentEnds() throws MalformedMediaException {
    TsSegmentWriter writer = new TsSegmentWriter(TsSegmentWriterTest.VIDEO,
        TsSegmentWriterTest.AUDIO);
    writer.startSegment();
    writer.writeSample(TsSegmentWriterTest.VIDEO,
        Sample.of(1, 0, 0, true, new byte[] {0, 0, 0, 3, 0x65, 1, 2}));
    int size = writer.segmentSize();
    assertThat(size).isEqualTo(3 * TsPacketWriter.PACKET_SIZE);
    assertThatThrownBy(() -> writer.finishSegment(ByteBuffer.allocate(size - 1)))
        .isInstanceOf(BufferOverflowException.class);
    assertThat(finish(writer)).as("still open, whole").hasSize(size);
  }

  private static void assertSameSegment(TsSegmentWriter toArray, TsSegmentWriter toBuffer) {
    int size = toBuffer.segmentSize();
    ByteBuffer out = ByteBuffer.allocateDirect(size + 7).position(7);
    toBuffer.finishSegment(out);
    assertThat(out.position()).as("bytes written after the buffer's position").isEqualTo(7 + size);
    byte[] written = new byte[size];
    out.get(7, written);
    assertThat(written).isEqualTo(finish(toArray));
  }

  @Test
  void aMalformedSampleIsRefusedWhenWrittenAndTheSegmentStaysWhole()
      throws MalformedMediaException {
    TsSegmentWriter writer = new TsSegmentWriter(TsSegmentWriterTest.VIDEO,
        TsSegmentWriterTest.AUDIO);
    writer.startSegment();
    byte[] good = {0, 0, 0, 3, 0x65, 1, 2};
    writer.writeSample(TsSegmentWriterTest.VIDEO, Sample.of(1, 0, 0, true, good));
    byte[] lengthPastTheEnd = {0, 0, 0, 9, 0x41, 1, 2};
    assertThatThrownBy(() -> writer.writeSample(TsSegmentWriterTest.VIDEO,
        Sample.of(1, 3000, 0, false, lengthPastTheEnd)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length 9");
    assertThatThrownBy(() -> writer.writeSample(TsSegmentWriterTest.VIDEO,
        Sample.of(1, 3000, 0, false, new byte[0])))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("empty H.264 sample");
    assertThatThrownBy(() -> writer.writeSample(TsSegmentWriterTest.AUDIO,
        Sample.of(2, 0, 0, true, new byte[9000])))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("aac_frame_length");

    byte[] segment = finish(writer);
    // PAT, PMT and the one good access unit: nothing of the refused samples.
    assertThat(segment).hasSize(3 * TsPacketWriter.PACKET_SIZE);
    assertThat(TsTestDemuxer.pes(segment)).extracting(TsTestDemuxer.Pes::pid)
        .containsExactly(TsSegmentWriter.VIDEO_PID);
  }

  private static byte[] finish(TsSegmentWriter writer) {
    byte[] segment = writer.finishSegment();
    assertThat(segment.length % TsPacketWriter.PACKET_SIZE).isZero();
    return segment;
  }
}
