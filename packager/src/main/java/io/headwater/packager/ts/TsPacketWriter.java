package io.headwater.packager.ts;

import io.headwater.packager.io.ByteWriter;
import java.util.Arrays;

/**
 * Splits PES packets and PSI sections into 188-byte transport stream packets (ISO/IEC 13818-1
 * 2.4.3.2), keeping one continuity counter per PID across calls (and so across segments).
 */
public final class TsPacketWriter {
  /** Bytes in a transport stream packet. */
  public static final int PACKET_SIZE = 188;
  /** Passed as {@code pcr90k} when the packet carries no PCR. */
  public static final long NO_PCR = -1;

  private static final byte SYNC_BYTE = 0x47;
  private static final int HEADER_SIZE = 4;
  private static final int MAX_PAYLOAD = PACKET_SIZE - HEADER_SIZE;
  private static final int PCR_SIZE = 6;

  // One counter per PID in use, found by a linear search: a segment has four PIDs (PAT, PMT,
  // video, audio), and a map would box the PID on every PES.
  private int[] pids = new int[0];
  private ContinuityCounter[] counters = new ContinuityCounter[0];

  /**
   * Writes one PES packet on {@code pid}. The first packet has payload_unit_start_indicator set
   * and, when asked, an adaptation field with a PCR ({@code pcr90k}, base on the 90 kHz clock,
   * extension 0) and random_access_indicator. The last packet is filled with adaptation-field
   * stuffing, never with payload bytes, since PES payload must not be padded.
   */
  public void writePes(int pid, byte[] pes, long pcr90k, boolean randomAccess, ByteWriter out) {
    writePes(pid, pes, pes.length, pcr90k, randomAccess, out);
  }

  /** {@link #writePes(int, byte[], long, boolean, ByteWriter)} of the packet {@code pes[0, length)}. */
  public void writePes(int pid, byte[] pes, int length, long pcr90k, boolean randomAccess,
      ByteWriter out) {
    checkPid(pid);
    if (length < 0 || length > pes.length) {
      throw new IllegalArgumentException("PES length " + length + " of an array of " + pes.length);
    }
    ContinuityCounter counter = counter(pid);
    int offset = 0;
    boolean first = true;
    while (offset < length) {
      boolean withPcr = first && pcr90k != NO_PCR;
      boolean withRandomAccess = first && randomAccess;
      // adaptation_field_length counts the bytes after itself: flags, optional PCR, stuffing.
      int afLength = (withPcr || withRandomAccess) ? 1 + (withPcr ? PCR_SIZE : 0) : -1;
      int room = MAX_PAYLOAD - (afLength >= 0 ? 1 + afLength : 0);
      int remaining = length - offset;
      if (remaining < room) {
        if (afLength < 0) {
          // A one-byte adaptation field (length 0) is itself one byte of stuffing.
          afLength = remaining == MAX_PAYLOAD - 1 ? 0 : 1;
          room = MAX_PAYLOAD - 1 - afLength;
        }
        afLength += room - remaining; // stuffing bytes
        room = remaining;
      }
      // One packet written straight into the segment's array: header, adaptation field, payload.
      int at = out.reserve(PACKET_SIZE);
      byte[] packet = out.array();
      packet[at] = SYNC_BYTE; // sync_byte
      // transport_error_indicator '0', payload_unit_start_indicator, transport_priority '0', PID
      packet[at + 1] = (byte) ((first ? 0x40 : 0) | (pid >>> 8));
      packet[at + 2] = (byte) pid;
      // transport_scrambling_control '00', adaptation_field_control ('11' AF + payload, '01'
      // payload only), continuity_counter
      packet[at + 3] = (byte) ((afLength >= 0 ? 0x30 : 0x10) | counter.next());
      int payloadAt = at + HEADER_SIZE;
      if (afLength >= 0) {
        payloadAt = writeAdaptationField(packet, payloadAt, afLength, withPcr, withRandomAccess,
            pcr90k);
      }
      System.arraycopy(pes, offset, packet, payloadAt, room);
      offset += room;
      first = false;
    }
  }

  /**
   * How many packets {@link #writePes} makes of a PES packet of {@code length} bytes: the first
   * one's payload room is what its adaptation field leaves (flags and a PCR when asked), every
   * further packet carries up to 184 bytes, and the last is stuffed, not split.
   */
  public static long packetCount(long length, boolean withPcr, boolean randomAccess) {
    if (length <= 0) {
      return 0;
    }
    // adaptation_field_length byte, flags byte, and the PCR when there is one (2.4.3.4)
    int firstRoom = MAX_PAYLOAD
        - ((withPcr || randomAccess) ? 2 + (withPcr ? PCR_SIZE : 0) : 0);
    if (length <= firstRoom) {
      return 1;
    }
    return 1 + (length - firstRoom + MAX_PAYLOAD - 1) / MAX_PAYLOAD;
  }

  /**
   * Writes one PSI section in a single packet: pointer_field 0, the section, then 0xFF stuffing
   * bytes, which 2.4.4 allows after the last section in a packet.
   */
  public void writePsi(int pid, byte[] section, ByteWriter out) {
    checkPid(pid);
    if (section.length > MAX_PAYLOAD - 1) {
      throw new IllegalArgumentException("section of " + section.length + " bytes needs more than"
          + " one packet");
    }
    ContinuityCounter counter = counter(pid);
    out.u8(SYNC_BYTE);
    out.u16(0x4000 | pid); // payload_unit_start_indicator '1', PID
    out.u8(0x10 | counter.next()); // adaptation_field_control '01', continuity_counter
    out.u8(0x00); // pointer_field (2.4.4.2): the section starts right after it
    out.bytes(section);
    for (int i = 1 + section.length; i < MAX_PAYLOAD; i++) {
      out.u8(0xFF);
    }
  }

  /**
   * adaptation_field() of 2.4.3.4, with {@code afLength} bytes after its length byte, written
   * into {@code packet} from {@code at}; returns where the payload begins.
   */
  private static int writeAdaptationField(byte[] packet, int at, int afLength, boolean withPcr,
      boolean randomAccess, long pcr90k) {
    packet[at++] = (byte) afLength; // adaptation_field_length
    if (afLength == 0) {
      return at;
    }
    // discontinuity_indicator '0', random_access_indicator, elementary_stream_priority_indicator
    // '0', PCR_flag, OPCR_flag '0', splicing_point_flag '0', transport_private_data_flag '0',
    // adaptation_field_extension_flag '0'
    packet[at++] = (byte) ((randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0));
    if (withPcr) {
      long base = pcr90k & PesPacketizer.TIMESTAMP_MASK;
      long high = base >>> 1; // program_clock_reference_base[32..1]
      packet[at++] = (byte) (high >>> 24);
      packet[at++] = (byte) (high >>> 16);
      packet[at++] = (byte) (high >>> 8);
      packet[at++] = (byte) high;
      // program_clock_reference_base[0], reserved '111111', program_clock_reference_extension (9)
      // = 0
      packet[at++] = (byte) (((base & 1) << 7) | 0x7E);
      packet[at++] = 0x00;
    }
    int stuffing = afLength - 1 - (withPcr ? PCR_SIZE : 0);
    Arrays.fill(packet, at, at + stuffing, (byte) 0xFF); // stuffing_byte
    return at + stuffing;
  }

  private ContinuityCounter counter(int pid) {
    for (int i = 0; i < pids.length; i++) {
      if (pids[i] == pid) {
        return counters[i];
      }
    }
    pids = Arrays.copyOf(pids, pids.length + 1);
    counters = Arrays.copyOf(counters, counters.length + 1);
    pids[pids.length - 1] = pid;
    counters[counters.length - 1] = new ContinuityCounter();
    return counters[counters.length - 1];
  }

  private static void checkPid(int pid) {
    if (pid < 0 || pid > 0x1FFE) {
      throw new IllegalArgumentException("PID " + pid);
    }
  }
}
