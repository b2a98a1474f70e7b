package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.codec.h264.AnnexB;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.segment.SegmentDecision;
import io.headwater.packager.segment.SegmentPolicy;
import io.headwater.packager.segment.Segmenter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writes synthetic H.264 + AAC through the segmenter and the TS writer, then reads the segments
 * back with {@link TsTestDemuxer} and checks the packets and the recovered access units.
 */
class TsSegmentWriterTest {
  private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1E, (byte) 0xAC, (byte) 0xD9};
  private static final byte[] PPS = {0x68, (byte) 0xEB, (byte) 0xE3, (byte) 0xCB};
  static final TrackFormat VIDEO = TrackFormat.h264(new AvcConfig(new byte[] {1}, List.of(SPS),
      List.of(PPS), 4, 100, 0, 30, 640, 360, 30_000));
  static final TrackFormat AUDIO = TrackFormat.aac(new AacConfig(
      new byte[] {0x11, (byte) 0x90}, 2, 3, 48_000, 2, 2));
  private static final long FRAME_90K = 3000;

  /** One input sample and its track, in arrival order. */
  record Input(TrackFormat format, Sample sample) {}

  /** 30 fps video with a keyframe every 2 s and B-frame-like composition offsets, plus AAC. */
  static List<Input> synthetic(double seconds, long startTicks90k) {
    Random random = new Random(42);
    List<Input> out = new ArrayList<>();
    int videoFrames = (int) (seconds * 30);
    long audioFrame = 0;
    for (int i = 0; i < videoFrames; i++) {
      long dts = startTicks90k + i * FRAME_90K;
      boolean key = i % 60 == 0;
      byte[] slice = new byte[key ? 3000 : 200 + random.nextInt(900)];
      random.nextBytes(slice);
      slice[0] = (byte) (key ? 0x65 : 0x41); // IDR slice / non-IDR slice, nal_ref_idc set
      ByteWriter avcc = new ByteWriter().u32(slice.length).bytes(slice);
      int cts = (int) (i % 3 == 0 ? 2 * FRAME_90K : (i % 3 == 1 ? 3 * FRAME_90K : 0));
      out.add(new Input(VIDEO, Sample.of(1, dts, key ? (int) FRAME_90K : cts, key,
          avcc.toByteArray())));
      // Audio frames up to this video time, in the audio track's 48 kHz timescale.
      long audioStart48k = startTicks90k * 48_000 / 90_000;
      while ((audioFrame * 1024) * 90_000 / 48_000 <= i * FRAME_90K) {
        byte[] aac = new byte[150 + random.nextInt(250)];
        random.nextBytes(aac);
        out.add(new Input(AUDIO, Sample.of(2, audioStart48k + audioFrame * 1024, 0, true, aac)));
        audioFrame++;
      }
    }
    return out;
  }

  /** Runs inputs through a segmenter and a TS writer; returns the segments and what went in. */
  static List<byte[]> segment(List<Input> inputs, TsSegmentWriter writer, List<Input> written)
      throws MalformedMediaException {
    return segment(inputs, new Segmenter(new SegmentPolicy(180_000, true)), writer, written);
  }

  /** As above, with the given segmenter. */
  static List<byte[]> segment(List<Input> inputs, Segmenter segmenter, TsSegmentWriter writer,
      List<Input> written) throws MalformedMediaException {
    List<byte[]> segments = new ArrayList<>();
    boolean open = false;
    for (Input in : inputs) {
      SegmentDecision d = segmenter.onSample(in.format(), in.sample());
      if (d == SegmentDecision.DROP) {
        continue;
      }
      if (d != SegmentDecision.CONTINUE) {
        if (open) {
          segments.add(writer.finishSegment());
        }
        writer.startSegment();
        open = true;
      }
      writer.writeSample(in.format(), in.sample());
      written.add(in);
    }
    segments.add(writer.finishSegment());
    return segments;
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteWriter w = new ByteWriter();
    parts.forEach(w::bytes);
    return w.toByteArray();
  }

  private static List<Integer> nalTypes(byte[] annexB) {
    List<Integer> types = new ArrayList<>();
    for (int i = 0; i + 3 < annexB.length; i++) {
      if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 0 && annexB[i + 3] == 1) {
        types.add(annexB[i + 4] & 0x1F);
        i += 3;
      }
    }
    return types;
  }

  @Test
  void everySegmentStartsWithPatPmtAndARandomAccessIdr() throws MalformedMediaException {
    List<byte[]> segments = segment(synthetic(6.5, 0), new TsSegmentWriter(VIDEO, AUDIO),
        new ArrayList<>());
    assertThat(segments).hasSize(4);
    for (byte[] seg : segments) {
      List<TsTestDemuxer.Packet> packets = TsTestDemuxer.packets(seg);
      assertThat(packets.get(0).pid()).isEqualTo(0x0000);
      assertThat(packets.get(1).pid()).isEqualTo(0x1000);
      TsTestDemuxer.Packet first = packets.get(2);
      assertThat(first.pid()).isEqualTo(0x100);
      assertThat(first.payloadUnitStart()).isTrue();
      assertThat(first.randomAccess()).isTrue();
      TsTestDemuxer.Pes pes = TsTestDemuxer.pes(seg).get(0);
      assertThat(pes.pid()).isEqualTo(0x100);
      assertThat(pes.streamId()).isEqualTo(0xE0);
      assertThat(nalTypes(pes.payload())).startsWith(9, 7, 8, 5);
    }
  }

  @Test
  void packetsAndCountersAcrossTwoSegments() throws MalformedMediaException {
    List<byte[]> segments = segment(synthetic(4.5, 0), new TsSegmentWriter(VIDEO, AUDIO),
        new ArrayList<>());
    assertThat(segments).hasSize(3);
    byte[] all = concat(segments);
    for (byte[] seg : segments) {
      assertThat(seg.length % 188).isZero();
    }
    List<TsTestDemuxer.Packet> packets = TsTestDemuxer.packets(all);
    int[] expected = new int[0x2000];
    boolean[] seen = new boolean[0x2000];
    long lastPcr = -1;
    int pcrCount = 0;
    for (TsTestDemuxer.Packet p : packets) {
      if (seen[p.pid()]) {
        assertThat(p.continuityCounter()).as("CC of PID 0x%x", p.pid())
            .isEqualTo(expected[p.pid()]);
      } else {
        assertThat(p.continuityCounter()).isZero();
      }
      seen[p.pid()] = true;
      expected[p.pid()] = (p.continuityCounter() + 1) & 0x0F;
      assertThat(p.stuffingAllFf()).isTrue();
      if (p.pcrBase() != TsTestDemuxer.NO_PCR) {
        assertThat(p.pid()).isEqualTo(0x100);
        assertThat(p.pcrBase()).isGreaterThan(lastPcr);
        lastPcr = p.pcrBase();
        pcrCount++;
      }
    }
    assertThat(pcrCount).isEqualTo(135); // every video frame: 4.5 s at 30 fps
    // Every PES declares exactly the bytes that follow (audio) or 0 (video): nothing padded
    // the payload.
    for (TsTestDemuxer.Pes pes : TsTestDemuxer.pes(all)) {
      if (pes.pid() == 0x101) {
        assertThat(pes.declaredLength()).isPositive();
      }
    }
  }

  @Test
  void recoveredAccessUnitsEqualTheInputWithTimestamps() throws MalformedMediaException {
    long start = 5_000_000; // an arbitrary unwrapped start
    List<Input> written = new ArrayList<>();
    List<byte[]> segments = segment(synthetic(4.2, start), new TsSegmentWriter(VIDEO, AUDIO),
        written);
    List<TsTestDemuxer.Pes> pes = TsTestDemuxer.pes(concat(segments));
    List<TsTestDemuxer.Pes> video = pes.stream().filter(p -> p.pid() == 0x100).toList();
    List<TsTestDemuxer.Pes> audio = pes.stream().filter(p -> p.pid() == 0x101).toList();
    List<Input> videoIn = written.stream().filter(i -> i.format() == VIDEO).toList();
    List<Input> audioIn = written.stream().filter(i -> i.format() == AUDIO).toList();
    assertThat(video).hasSameSizeAs(videoIn);
    assertThat(audio).hasSameSizeAs(audioIn);
    for (int i = 0; i < video.size(); i++) {
      Sample s = videoIn.get(i).sample();
      byte[] avcc = new byte[s.size()];
      s.data().get(avcc);
      assertThat(video.get(i).payload()).as("video AU %d", i)
          .isEqualTo(AnnexB.fromAvcc(avcc, 4, VIDEO.avc(), s.keyframe()));
      assertThat(video.get(i).dts()).isEqualTo(s.dtsTicks() + 126_000);
      assertThat(video.get(i).pts()).isEqualTo(s.ptsTicks() + 126_000);
      assertThat(video.get(i).pcrBase()).isEqualTo(s.dtsTicks() + 126_000 - 63_000);
      assertThat(video.get(i).randomAccess()).isEqualTo(s.keyframe());
    }
    for (int i = 0; i < audio.size(); i++) {
      Sample s = audioIn.get(i).sample();
      byte[] raw = new byte[s.size()];
      s.data().get(raw);
      byte[] adts = new ByteWriter().bytes(AdtsHeader.write(AUDIO.aac(), raw.length)).bytes(raw)
          .toByteArray();
      assertThat(audio.get(i).payload()).as("audio frame %d", i).isEqualTo(adts);
      long pts90k = Math.floorDiv(s.dtsTicks() * 90_000, 48_000) + 126_000;
      assertThat(audio.get(i).pts()).isEqualTo(pts90k);
      assertThat(audio.get(i).dts()).isEqualTo(pts90k); // written as PTS only
      assertThat(audio.get(i).pcrBase()).isEqualTo(TsTestDemuxer.NO_PCR);
      assertThat(audio.get(i).streamId()).isEqualTo(0xC0);
    }
  }

  @Test
  void timestampsWrapAt33Bits() throws MalformedMediaException {
    TsSegmentWriter writer = new TsSegmentWriter(VIDEO, null);
    long dts = (1L << 33) - 126_000 - 3000; // one frame before the wire value wraps
    writer.startSegment();
    for (int i = 0; i < 3; i++) {
      byte[] avcc = new ByteWriter().u32(2).u8(i == 0 ? 0x65 : 0x41).u8(0x88).toByteArray();
      writer.writeSample(VIDEO, Sample.of(1, dts + i * 3000, 0, i == 0, avcc));
    }
    List<TsTestDemuxer.Pes> pes = TsTestDemuxer.pes(writer.finishSegment());
    assertThat(pes).extracting(TsTestDemuxer.Pes::dts)
        .containsExactly((1L << 33) - 3000, 0L, 3000L);
    assertThat(pes).extracting(TsTestDemuxer.Pes::pcrBase)
        .containsExactly((1L << 33) - 3000 - 63_000, (1L << 33) - 63_000, (1L << 33) - 60_000);
  }

  @Test
  void audioOnlyCarriesThePcrOnEveryAudioPes() throws MalformedMediaException {
    TsSegmentWriter writer = new TsSegmentWriter(null, AUDIO);
    writer.startSegment();
    for (int i = 0; i < 10; i++) {
      writer.writeSample(AUDIO, Sample.of(2, i * 1024L, 0, true, new byte[300]));
    }
    byte[] seg = writer.finishSegment();
    List<TsTestDemuxer.Packet> packets = TsTestDemuxer.packets(seg);
    // PMT: PCR_PID 0x101 (bytes 8..9 of the section, after the pointer field at payload[0])
    byte[] pmt = packets.get(1).payload();
    assertThat(((pmt[9] & 0x1F) << 8) | (pmt[10] & 0xFF)).isEqualTo(0x101);
    List<TsTestDemuxer.Pes> pes = TsTestDemuxer.pes(seg);
    assertThat(pes).hasSize(10).allSatisfy(p -> {
      assertThat(p.pid()).isEqualTo(0x101);
      assertThat(p.pcrBase()).isEqualTo(p.dts() - 63_000);
      assertThat(p.randomAccess()).isTrue();
    });
  }

  @Test
  void misuseIsRefused() {
    TsSegmentWriter writer = new TsSegmentWriter(VIDEO, null);
    assertThatThrownBy(writer::finishSegment).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> writer.writeSample(VIDEO, Sample.of(1, 0, 0, true, new byte[5])))
        .isInstanceOf(IllegalStateException.class);
    writer.startSegment();
    assertThatThrownBy(() -> writer.writeSample(AUDIO, Sample.of(2, 0, 0, true, new byte[5])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TsSegmentWriter(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedVideoSampleIsReportedNotWritten() {
    TsSegmentWriter writer = new TsSegmentWriter(VIDEO, null);
    writer.startSegment();
    byte[] bad = {0x00, 0x00, 0x10, 0x00, 0x65};
    assertThatThrownBy(() -> writer.writeSample(VIDEO, Sample.of(1, 0, 0, true, bad)))
        .isInstanceOf(MalformedMediaException.class).hasMessageContaining("NAL unit length");
  }
}
