package io.headwater.packager.ts;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.io.ByteWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsPacketWriterTest {
  private static byte[] pes(int size) {
    byte[] pes = PesPacketizer.packetize(0xE0, 0, 0, new byte[Math.max(0, size - 14)]);
    for (int i = 14; i < pes.length; i++) {
      pes[i] = (byte) (i * 7);
    }
    return pes;
  }

  @ParameterizedTest(name = "PES of {0} bytes")
  // Around the edges: 182/183/184 bytes (1-byte adaptation field, none), 176/177 with a PCR.
  @ValueSource(ints = {14, 100, 175, 176, 177, 178, 182, 183, 184, 185, 366, 367, 368, 1000, 70_000})
  void splitsIntoWholePacketsWithStuffingOnlyInTheAdaptationField(int size) {
    for (boolean withPcr : new boolean[] {false, true}) {
      byte[] pes = pes(size);
      ByteWriter out = new ByteWriter();
      new TsPacketWriter().writePes(0x100, pes, withPcr ? 1234 : TsPacketWriter.NO_PCR, withPcr,
          out);
      byte[] ts = out.toByteArray();
      List<TsTestDemuxer.Packet> packets = TsTestDemuxer.packets(ts);
      int overhead = withPcr ? 8 : 0;
      assertThat(packets).hasSize((size + overhead + 183) / 184);
      assertThat(packets.get(0).payloadUnitStart()).isTrue();
      assertThat(packets.subList(1, packets.size()))
          .allSatisfy(p -> assertThat(p.payloadUnitStart()).isFalse());
      assertThat(packets).allSatisfy(p -> assertThat(p.stuffingAllFf()).isTrue());
      assertThat(packets.get(0).pcrBase()).isEqualTo(withPcr ? 1234 : TsTestDemuxer.NO_PCR);
      assertThat(packets.get(0).randomAccess()).isEqualTo(withPcr);
      // The payload bytes, concatenated, are exactly the PES: no 0xFF padding in the payload.
      ByteWriter joined = new ByteWriter();
      packets.forEach(p -> joined.bytes(p.payload()));
      assertThat(joined.toByteArray()).isEqualTo(pes);
    }
  }

  @Test
  void pesOf183BytesUsesAOneByteAdaptationField() {
    ByteWriter out = new ByteWriter();
    new TsPacketWriter().writePes(0x101, pes(183), TsPacketWriter.NO_PCR, false, out);
    byte[] ts = out.toByteArray();
    assertThat(ts).hasSize(188);
    assertThat(Arrays.copyOfRange(ts, 0, 5)).containsExactly(new byte[] {
        0x47, // sync_byte
        0x41, 0x01, // payload_unit_start_indicator 1, PID 0x101
        0x30, // adaptation_field_control '11', continuity_counter 0
        0x00}); // adaptation_field_length 0: one byte of stuffing, no flags
  }

  @Test
  void pcrAndRandomAccessBytes() {
    ByteWriter out = new ByteWriter();
    new TsPacketWriter().writePes(0x100, pes(500), 0x1_2345_6789L, true, out);
    byte[] ts = out.toByteArray();
    assertThat(Arrays.copyOfRange(ts, 0, 12)).containsExactly(new byte[] {
        0x47, // sync_byte
        0x41, 0x00, // payload_unit_start_indicator 1, PID 0x100
        0x30, // adaptation_field_control '11', continuity_counter 0
        0x07, // adaptation_field_length: flags + 6 PCR bytes
        0x50, // random_access_indicator 1, PCR_flag 1
        (byte) 0x91, (byte) 0xA2, (byte) 0xB3, (byte) 0xC4, // PCR base[32..1] = 0x1_2345_6789 >> 1 = 0x91A2B3C4
        (byte) 0xFE, // base[0] = 1, reserved '111111', extension[8] = 0
        0x00}); // extension[7..0]
  }

  @Test
  void continuityCountersArePerPidAndWrap() {
    TsPacketWriter writer = new TsPacketWriter();
    ByteWriter out = new ByteWriter();
    for (int i = 0; i < 20; i++) {
      writer.writePes(0x100, pes(100), TsPacketWriter.NO_PCR, false, out);
      writer.writePes(0x101, pes(300), TsPacketWriter.NO_PCR, false, out);
    }
    List<TsTestDemuxer.Packet> packets = TsTestDemuxer.packets(out.toByteArray());
    int[] expected = new int[0x2000];
    for (TsTestDemuxer.Packet p : packets) {
      assertThat(p.continuityCounter()).as("PID %x", p.pid()).isEqualTo(expected[p.pid()]);
      expected[p.pid()] = (expected[p.pid()] + 1) & 0x0F;
    }
    assertThat(expected[0x100]).isEqualTo(20 % 16);
    assertThat(expected[0x101]).isEqualTo(40 % 16);
  }
}
