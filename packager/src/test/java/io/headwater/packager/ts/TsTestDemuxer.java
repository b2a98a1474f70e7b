package io.headwater.packager.ts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict test-side MPEG-TS reader written from ISO/IEC 13818-1 alone (it shares no code
 * with the writer): splits packets, reads adaptation fields and reassembles PES packets per PID.
 */
final class TsTestDemuxer {
  static final long NO_PCR = -1;

  /** One parsed transport packet. */
  record Packet(int pid, boolean payloadUnitStart, int continuityCounter, int adaptationFieldLength,
      boolean randomAccess, long pcrBase, boolean stuffingAllFf, int stuffingBytes,
      byte[] payload) {}

  /** One reassembled PES packet. */
  record Pes(int pid, int streamId, int declaredLength, long pts, long dts, boolean randomAccess,
      long pcrBase, byte[] payload, int packetCount) {}

  private TsTestDemuxer() {}

  static List<Packet> packets(byte[] ts) {
    if (ts.length % 188 != 0) {
      throw new AssertionError("stream of " + ts.length + " bytes is not whole 188-byte packets");
    }
    List<Packet> out = new ArrayList<>();
    for (int o = 0; o < ts.length; o += 188) {
      if ((ts[o] & 0xFF) != 0x47) {
        throw new AssertionError("no sync byte at " + o);
      }
      boolean pusi = (ts[o + 1] & 0x40) != 0;
      int pid = ((ts[o + 1] & 0x1F) << 8) | (ts[o + 2] & 0xFF);
      int afc = (ts[o + 3] >> 4) & 0x03;
      int cc = ts[o + 3] & 0x0F;
      int pos = o + 4;
      int afLength = -1;
      boolean ra = false;
      long pcr = NO_PCR;
      boolean stuffingOk = true;
      int stuffing = 0;
      if ((afc & 0x02) != 0) {
        afLength = ts[pos] & 0xFF;
        if (afLength > 183) {
          throw new AssertionError("adaptation_field_length " + afLength + " at " + pos);
        }
        if (afLength > 0) {
          int flags = ts[pos + 1] & 0xFF;
          ra = (flags & 0x40) != 0;
          int p = pos + 2;
          if ((flags & 0x10) != 0) {
            pcr = ((ts[p] & 0xFFL) << 25) | ((ts[p + 1] & 0xFFL) << 17) | ((ts[p + 2] & 0xFFL) << 9)
                | ((ts[p + 3] & 0xFFL) << 1) | ((ts[p + 4] & 0x80L) >> 7);
            p += 6;
          }
          for (; p < pos + 1 + afLength; p++) {
            stuffing++;
            stuffingOk &= (ts[p] & 0xFF) == 0xFF;
          }
        } else {
          stuffing = 1; // the length byte alone
        }
        pos += 1 + afLength;
      }
      byte[] payload = new byte[0];
      if ((afc & 0x01) != 0) {
        payload = java.util.Arrays.copyOfRange(ts, pos, o + 188);
      }
      out.add(new Packet(pid, pusi, cc, afLength, ra, pcr, stuffingOk, stuffing, payload));
    }
    return out;
  }

  /** Reassembles the PES packets of every PID other than PAT and PMT, in order of their starts. */
  static List<Pes> pes(byte[] ts) {
    List<Pending> started = new ArrayList<>();
    Map<Integer, Pending> pending = new LinkedHashMap<>();
    for (Packet packet : packets(ts)) {
      if (packet.pid() == 0x0000 || packet.pid() == 0x1000) {
        continue;
      }
      if (packet.payloadUnitStart()) {
        Pending p = new Pending(packet);
        pending.put(packet.pid(), p);
        started.add(p);
      } else {
        Pending p = pending.get(packet.pid());
        if (p == null) {
          throw new AssertionError("PES continuation without a start on PID " + packet.pid());
        }
        p.add(packet);
      }
    }
    List<Pes> out = new ArrayList<>();
    for (Pending p : started) {
      out.add(p.finish());
    }
    return out;
  }

  private static final class Pending {
    final Packet first;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int packetCount;

    Pending(Packet first) {
      this.first = first;
      add(first);
    }

    void add(Packet packet) {
      bytes.write(packet.payload(), 0, packet.payload().length);
      packetCount++;
    }

    Pes finish() {
      byte[] b = bytes.toByteArray();
      if (b[0] != 0 || b[1] != 0 || b[2] != 1) {
        throw new AssertionError("no packet_start_code_prefix on PID " + first.pid());
      }
      int streamId = b[3] & 0xFF;
      int declared = ((b[4] & 0xFF) << 8) | (b[5] & 0xFF);
      if ((b[6] & 0xC0) != 0x80) {
        throw new AssertionError("PES header does not start with '10'");
      }
      int ptsDtsFlags = (b[7] >> 6) & 0x03;
      int headerDataLength = b[8] & 0xFF;
      long pts = ptsDtsFlags >= 2 ? timestamp(b, 9, ptsDtsFlags == 3 ? 0x3 : 0x2) : -1;
      long dts = ptsDtsFlags == 3 ? timestamp(b, 14, 0x1) : pts;
      byte[] payload = java.util.Arrays.copyOfRange(b, 9 + headerDataLength, b.length);
      if (declared != 0 && declared != b.length - 6) {
        throw new AssertionError("PES_packet_length " + declared + " but " + (b.length - 6)
            + " bytes follow it on PID " + first.pid());
      }
      return new Pes(first.pid(), streamId, declared, pts, dts, first.randomAccess(),
          first.pcrBase(), payload, packetCount);
    }

    private static long timestamp(byte[] b, int o, int prefix) {
      if (((b[o] >> 4) & 0x0F) != prefix || (b[o] & 1) != 1 || (b[o + 2] & 1) != 1
          || (b[o + 4] & 1) != 1) {
        throw new AssertionError("bad timestamp prefix or marker bits at " + o);
      }
      return (((b[o] >> 1) & 0x07L) << 30) | ((((b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL)) >> 1)
          << 15) | (((b[o + 3] & 0xFFL) << 8 | (b[o + 4] & 0xFFL)) >> 1);
    }
  }
}
