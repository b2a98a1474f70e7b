package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.codec.h264.AnnexB;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Codec;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer's reused PES buffer against the plain composition it replaced: for every sample of
 * each sample-media file, {@link AnnexB#fromAvcc} (or an ADTS header and the frame),
 * {@link PesPacketizer#packetize} and {@link TsPacketWriter}. The segments must be byte for byte
 * the same, cut every 60 samples so that buffers are reused across segments and keyframes.
 */
class TsSegmentWriterReferenceTest {
  private static final int SAMPLES_PER_SEGMENT = 60;

  @ParameterizedTest
  @ValueSource(strings = {"h264-high-bframes-aac.flv", "h264-baseline-aac.flv", "aac-only.flv",
      "h264-only.flv"})
  void segmentsEqualTheReferenceComposition(String file)
      throws IOException, MalformedMediaException {
    FlvSamples.Media media = FlvSamples.read(file);
    TsSegmentWriter writer = new TsSegmentWriter(media.video(), media.audio());
    Reference reference = new Reference(media.video(), media.audio());
    List<byte[]> ours = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    int n = 0;
    for (TsSegmentWriterTest.Input in : media.inputs()) {
      if (n % SAMPLES_PER_SEGMENT == 0) {
        if (n > 0) {
          ours.add(writer.finishSegment());
          expected.add(reference.finishSegment());
        }
        writer.startSegment();
        reference.startSegment();
      }
      writer.writeSample(in.format(), in.sample());
      reference.writeSample(in.format(), in.sample());
      n++;
    }
    ours.add(writer.finishSegment());
    expected.add(reference.finishSegment());

    assertThat(ours).hasSameSizeAs(expected).hasSizeGreaterThan(3);
    for (int i = 0; i < ours.size(); i++) {
      assertThat(ours.get(i)).as("segment %d of %s", i, file).isEqualTo(expected.get(i));
    }
  }

  /** The per-sample composition of fresh arrays that TsSegmentWriter used to do. */
  private static final class Reference {
    private final TrackFormat video;
    private final byte[] pat;
    private final byte[] pmt;
    private final int pcrPid;
    private final TsPacketWriter packets = new TsPacketWriter();
    private ByteWriter segment;

    Reference(TrackFormat video, TrackFormat audio) {
      this.video = video;
      List<EsEntry> streams = new ArrayList<>();
      if (video != null) {
        streams.add(new EsEntry(EsEntry.STREAM_TYPE_H264, TsSegmentWriter.VIDEO_PID));
      }
      if (audio != null) {
        streams.add(new EsEntry(EsEntry.STREAM_TYPE_AAC_ADTS, TsSegmentWriter.AUDIO_PID));
      }
      pcrPid = video != null ? TsSegmentWriter.VIDEO_PID : TsSegmentWriter.AUDIO_PID;
      pat = PsiTables.pat(PsiTables.PROGRAM_NUMBER, PsiTables.PMT_PID);
      pmt = PsiTables.pmt(pcrPid, streams);
    }

    void startSegment() {
      segment = new ByteWriter();
      packets.writePsi(PsiTables.PAT_PID, pat, segment);
      packets.writePsi(PsiTables.PMT_PID, pmt, segment);
    }

    void writeSample(TrackFormat format, Sample sample) throws MalformedMediaException {
      byte[] payload = new byte[sample.size()];
      sample.data().get(payload);
      long dts = Math.floorMod(format.to90k(sample.dtsTicks())
          + TsSegmentWriter.TIMESTAMP_OFFSET_90K, 1L << 33);
      long pts = Math.floorMod(format.to90k(sample.ptsTicks())
          + TsSegmentWriter.TIMESTAMP_OFFSET_90K, 1L << 33);
      long pcr = Math.floorMod(dts - TsSegmentWriter.PCR_DELAY_90K, 1L << 33);
      if (format.codec() == Codec.H264) {
        byte[] annexB = AnnexB.fromAvcc(payload, format.avc().nalLengthSize(), format.avc(),
            sample.keyframe());
        byte[] pes = PesPacketizer.packetize(PesPacketizer.STREAM_ID_VIDEO, pts, dts, annexB);
        packets.writePes(TsSegmentWriter.VIDEO_PID, pes, pcr, sample.keyframe(), segment);
      } else {
        byte[] frame = new ByteWriter().bytes(AdtsHeader.write(format.aac(), payload.length))
            .bytes(payload).toByteArray();
        byte[] pes = PesPacketizer.packetize(PesPacketizer.STREAM_ID_AUDIO, pts, dts, frame);
        packets.writePes(TsSegmentWriter.AUDIO_PID, pes,
            pcrPid == TsSegmentWriter.AUDIO_PID ? pcr : TsPacketWriter.NO_PCR,
            /* randomAccess= */ video == null, segment);
      }
    }

    byte[] finishSegment() {
      return segment.toByteArray();
    }
  }
}
