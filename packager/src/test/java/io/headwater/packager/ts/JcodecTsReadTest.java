package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.codec.h264.AnnexB;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jcodec.containers.mps.MPSUtils;
import org.jcodec.containers.mps.MTSDemuxer;
import org.jcodec.containers.mps.PESPacket;
import org.jcodec.containers.mps.psi.PATSection;
import org.jcodec.containers.mps.psi.PMTSection;
import org.junit.jupiter.api.Test;

/** Reads our segments with JCodec's MPEG-TS packet, PSI and PES parsers: a third-party reader. */
class JcodecTsReadTest {
  /** A reassembled PES as JCodec parses it: header fields and the payload after the header. */
  private record JcodecPes(int pid, PESPacket header, byte[] payload) {}

  private static List<JcodecPes> read(byte[] ts, PATSection[] pat, PMTSection[] pmt) {
    Map<Integer, ByteWriter> open = new LinkedHashMap<>();
    List<Integer> order = new ArrayList<>();
    List<ByteWriter> units = new ArrayList<>();
    for (int o = 0; o < ts.length; o += 188) {
      MTSDemuxer.MTSPacket packet = MTSDemuxer.parsePacket(ByteBuffer.wrap(ts, o, 188).slice());
      ByteBuffer payload = packet.payload;
      if (packet.pid == 0x0000 || packet.pid == 0x1000) {
        payload.position(payload.position() + 1 + (payload.get(payload.position()) & 0xFF));
        if (packet.pid == 0x0000) {
          pat[0] = PATSection.parsePAT(payload);
        } else {
          pmt[0] = PMTSection.parsePMT(payload);
        }
        continue;
      }
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      if (packet.payloadStart) {
        ByteWriter unit = new ByteWriter();
        open.put(packet.pid, unit);
        units.add(unit);
        order.add(packet.pid);
      }
      open.get(packet.pid).bytes(bytes);
    }
    List<JcodecPes> out = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      ByteBuffer pes = ByteBuffer.wrap(units.get(i).toByteArray());
      PESPacket header = MPSUtils.readPESHeader(pes, 0);
      byte[] payload = new byte[pes.remaining()];
      pes.get(payload);
      out.add(new JcodecPes(order.get(i), header, payload));
    }
    return out;
  }

  @Test
  void jcodecSeesOurProgramAndAccessUnits() throws Exception {
    List<TsSegmentWriterTest.Input> written = new ArrayList<>();
    List<byte[]> segments = TsSegmentWriterTest.segment(TsSegmentWriterTest.synthetic(2.5, 0),
        new TsSegmentWriter(TsSegmentWriterTest.VIDEO, TsSegmentWriterTest.AUDIO), written);
    assertThat(segments).hasSize(2);
    PATSection[] pat = new PATSection[1];
    PMTSection[] pmt = new PMTSection[1];
    ByteWriter all = new ByteWriter();
    segments.forEach(all::bytes);
    List<JcodecPes> pes = read(all.toByteArray(), pat, pmt);

    assertThat(pat[0].getPrograms().get(1)).isEqualTo(0x1000);
    assertThat(pmt[0].getPcrPid()).isEqualTo(0x100);
    assertThat(pmt[0].getStreams()).extracting(PMTSection.PMTStream::getPid)
        .containsExactly(0x100, 0x101);
    assertThat(pmt[0].getStreams()).extracting(PMTSection.PMTStream::getStreamTypeTag)
        .containsExactly(0x1B, 0x0F);

    assertThat(pes).hasSameSizeAs(written);
    List<JcodecPes> video = pes.stream().filter(p -> p.pid() == 0x100).toList();
    List<JcodecPes> audio = pes.stream().filter(p -> p.pid() == 0x101).toList();
    List<Sample> videoIn = written.stream()
        .filter(i -> i.format().type() == TrackType.VIDEO).map(i -> i.sample()).toList();
    List<Sample> audioIn = written.stream()
        .filter(i -> i.format().type() == TrackType.AUDIO).map(i -> i.sample()).toList();
    assertThat(video).hasSameSizeAs(videoIn);
    for (int i = 0; i < video.size(); i++) {
      Sample s = videoIn.get(i);
      byte[] avcc = new byte[s.size()];
      s.data().get(avcc);
      PESPacket h = video.get(i).header();
      assertThat(h.streamId).isEqualTo(0xE0);
      assertThat(h.pts).isEqualTo(s.ptsTicks() + 126_000);
      // JCodec reports -1 for "no DTS field"; we omit it exactly when DTS equals PTS.
      assertThat(h.dts == -1 ? h.pts : h.dts).isEqualTo(s.dtsTicks() + 126_000);
      assertThat(video.get(i).payload())
          .isEqualTo(AnnexB.fromAvcc(avcc, 4, TsSegmentWriterTest.VIDEO.avc(), s.keyframe()));
    }
    assertThat(audio).hasSameSizeAs(audioIn);
    for (int i = 0; i < audio.size(); i++) {
      Sample s = audioIn.get(i);
      byte[] raw = new byte[s.size()];
      s.data().get(raw);
      PESPacket h = audio.get(i).header();
      assertThat(h.streamId).isEqualTo(0xC0);
      assertThat(h.pts).isEqualTo(s.dtsTicks() * 90_000 / 48_000 + 126_000);
      assertThat(audio.get(i).payload()).isEqualTo(new ByteWriter()
          .bytes(AdtsHeader.write(TsSegmentWriterTest.AUDIO.aac(), raw.length)).bytes(raw)
          .toByteArray());
    }
  }
}
