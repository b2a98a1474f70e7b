package io.headwater.packager.ts;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Codec;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes MPEG-TS segments (ISO/IEC 13818-1) of one H.264 and/or one AAC track: each segment
 * starts with a PAT and a PMT, then the samples as PES packets; continuity counters run on across
 * segments, as a player switching segments sees one continuous transport stream.
 *
 * <p>Timestamps on the wire are {@code (ticks90k + 1.4 s) mod 2^33}, like ffmpeg's mpegts muxer,
 * and the PCR runs 0.7 s behind the DTS, so neither goes negative for the first frames. The PCR
 * rides on the first packet of every video PES (at 30 fps well inside the 100 ms of 2.7.2), or of
 * every audio PES when there is no video.
 *
 * <p>Audio goes one AAC frame per PES: a frame then sits in the segment its sample was given to, no
 * audio is held back across a cut, and each frame keeps its exact PTS. The price, about one
 * partly stuffed packet per 21 ms frame, is a few percent at usual bit rates.
 *
 * <p>A segment is written once, into an array of its exact size: {@link #writeSample} checks a
 * sample and counts the packets it will take, keeping a reference to it (the samples of the open
 * segment are held by the CMAF writers anyway), and {@link #finishSegment} packetizes them all
 * into that array, which it hands out without a copy, or into a caller's buffer of that size
 * (the store's off-heap memory) through a buffer of one PES packet's size.
 *
 * <p>Not thread-safe: one instance per stream, used on the publisher's thread.
 */
public final class TsSegmentWriter {
  /** PID of the H.264 elementary stream. */
  public static final int VIDEO_PID = 0x100;
  /** PID of the AAC elementary stream. */
  public static final int AUDIO_PID = 0x101;
  /** Added to every 90 kHz time on the wire: 1.4 s. */
  public static final long TIMESTAMP_OFFSET_90K = 126_000;
  /** How far the PCR runs behind the DTS: 0.7 s. */
  public static final long PCR_DELAY_90K = 63_000;
  /** Largest segment written: the array of one segment must fit a Java array. */
  private static final long MAX_SEGMENT_PACKETS = (Integer.MAX_VALUE - 8) / TsPacketWriter.PACKET_SIZE;
  private static final int INITIAL_SAMPLES = 256;
  private static final int KEEP_SAMPLES = 4096;
  private static final int INITIAL_SCRATCH_BYTES = 64 << 10;
  private static final int KEEP_SCRATCH_BYTES = 1 << 20;

  private final TrackFormat video;
  private final TrackFormat audio;
  private final byte[] pat;
  private final byte[] pmt;
  private final int pcrPid;
  private final TsPacketWriter packets = new TsPacketWriter();
  private final PesBuffer pes = new PesBuffer();
  private final byte[] adtsCheck = new byte[AdtsHeader.SIZE];
  // The packets of one PES at a time, on their way into a caller's buffer; made on first use.
  private ByteWriter scratch;
  private boolean open;
  // The open segment's samples in order, with their wire timestamps, kept until finishSegment.
  private Sample[] samples = new Sample[INITIAL_SAMPLES];
  private TrackFormat[] formats = new TrackFormat[INITIAL_SAMPLES];
  private boolean[] isVideo = new boolean[INITIAL_SAMPLES];
  private long[] pts = new long[INITIAL_SAMPLES];
  private long[] dts = new long[INITIAL_SAMPLES];
  private int count;
  private long packetsInSegment;

  /** A writer for the given tracks; either may be null, not both. */
  public TsSegmentWriter(TrackFormat videoOrNull, TrackFormat audioOrNull) {
    if (videoOrNull == null && audioOrNull == null) {
      throw new IllegalArgumentException("a TS segment needs a video or an audio track");
    }
    if (videoOrNull != null && videoOrNull.codec() != Codec.H264) {
      throw new IllegalArgumentException("video codec " + videoOrNull.codec());
    }
    if (audioOrNull != null && audioOrNull.codec() != Codec.AAC) {
      throw new IllegalArgumentException("audio codec " + audioOrNull.codec());
    }
    this.video = videoOrNull;
    this.audio = audioOrNull;
    List<EsEntry> streams = new ArrayList<>();
    if (video != null) {
      streams.add(new EsEntry(EsEntry.STREAM_TYPE_H264, VIDEO_PID));
    }
    if (audio != null) {
      streams.add(new EsEntry(EsEntry.STREAM_TYPE_AAC_ADTS, AUDIO_PID));
    }
    this.pcrPid = video != null ? VIDEO_PID : AUDIO_PID;
    this.pat = PsiTables.pat(PsiTables.PROGRAM_NUMBER, PsiTables.PMT_PID);
    this.pmt = PsiTables.pmt(pcrPid, streams);
  }

  /** Begins a segment with a PAT and a PMT. */
  public void startSegment() {
    if (open) {
      throw new IllegalStateException("segment already started");
    }
    open = true;
    packetsInSegment = 2; // PAT and PMT, one packet each
  }

  /**
   * Appends one sample of the video or the audio track as a PES packet. The sample's bytes are
   * read when the segment is finished; they must not change until then ({@link Sample} is
   * immutable).
   *
   * @throws MalformedMediaException if the H.264 sample's NAL lengths are inconsistent, or the AAC
   *     frame cannot be framed in ADTS
   */
  public void writeSample(TrackFormat format, Sample sample) throws MalformedMediaException {
    if (!open) {
      throw new IllegalStateException("writeSample before startSegment");
    }
    long dts90k = wire(format.to90k(sample.dtsTicks()));
    long pts90k = wire(format.to90k(sample.ptsTicks()));
    boolean videoSample;
    long packetCount;
    if (video != null && format.trackId() == video.trackId() && format.codec() == Codec.H264) {
      videoSample = true;
      int length = pes.h264Length(pts90k, dts90k, sample.data(), format.avc(), sample.keyframe());
      packetCount = TsPacketWriter.packetCount(length, true, sample.keyframe());
    } else if (audio != null && format.trackId() == audio.trackId()
        && format.codec() == Codec.AAC) {
      videoSample = false;
      AdtsHeader.write(format.aac(), sample.size(), adtsCheck, 0); // refuses what ADTS cannot frame
      int length = PesBuffer.aacLength(pts90k, dts90k, sample.size());
      packetCount = TsPacketWriter.packetCount(length, pcrPid == AUDIO_PID, video == null);
    } else {
      throw new IllegalArgumentException("sample of track " + format.trackId() + " ("
          + format.codec() + ") is not a track of this writer");
    }
    if (packetsInSegment + packetCount > MAX_SEGMENT_PACKETS) {
      throw new MalformedMediaException("MPEG-TS segment would exceed "
          + MAX_SEGMENT_PACKETS * TsPacketWriter.PACKET_SIZE + " bytes");
    }
    if (count == samples.length) {
      grow();
    }
    samples[count] = sample;
    formats[count] = format;
    isVideo[count] = videoSample;
    pts[count] = pts90k;
    dts[count] = dts90k;
    count++;
    packetsInSegment += packetCount;
  }

  /** The bytes of the open segment so far: what {@link #finishSegment} will write. */
  public int segmentSize() {
    if (!open) {
      throw new IllegalStateException("segmentSize before startSegment");
    }
    return (int) (packetsInSegment * TsPacketWriter.PACKET_SIZE);
  }

  /**
   * Ends the segment and returns its bytes, in an array of their exact size that the caller
   * owns; the next segment begins with {@link #startSegment}.
   */
  public byte[] finishSegment() {
    int bytes = segmentSize();
    ByteWriter segment = new ByteWriter(bytes);
    writeSegment(segment, null);
    return segment.detach();
  }

  /**
   * Ends the segment and writes its {@link #segmentSize()} bytes into {@code out} from its
   * position (straight into a store's memory, say), packet by packet through a small buffer this
   * writer keeps; the next segment begins with {@link #startSegment}.
   *
   * @throws java.nio.BufferOverflowException when {@code out} has less room than the segment
   */
  public void finishSegment(ByteBuffer out) {
    if (out.remaining() < segmentSize()) {
      throw new BufferOverflowException();
    }
    if (scratch == null || scratch.array().length > KEEP_SCRATCH_BYTES) {
      scratch = new ByteWriter(INITIAL_SCRATCH_BYTES);
    }
    writeSegment(scratch, out);
  }

  /**
   * Packetizes the open segment into {@code w}; when {@code flushTo} is given, {@code w} is a
   * scratch buffer emptied into it after each PES packet.
   */
  private void writeSegment(ByteWriter w, ByteBuffer flushTo) {
    int bytes = segmentSize();
    long written = 0;
    packets.writePsi(PsiTables.PAT_PID, pat, w);
    packets.writePsi(PsiTables.PMT_PID, pmt, w);
    for (int i = 0; i < count; i++) {
      try {
        writePes(i, w);
      } catch (MalformedMediaException e) {
        // writeSample checked each sample with the same code; its bytes cannot have changed.
        throw new IllegalStateException("sample " + i + " of the segment changed after"
            + " writeSample checked it", e);
      }
      if (flushTo != null) {
        written += w.size();
        flushTo.put(w.array(), 0, w.size());
        w.clear();
      }
    }
    if (flushTo != null) {
      written += w.size();
      flushTo.put(w.array(), 0, w.size());
      w.clear();
    } else {
      written = w.size();
    }
    if (written != bytes) {
      throw new IllegalStateException("MPEG-TS segment of " + written
          + " bytes where its samples counted " + bytes);
    }
    Arrays.fill(samples, 0, count, null);
    Arrays.fill(formats, 0, count, null);
    if (samples.length > KEEP_SAMPLES) {
      samples = new Sample[INITIAL_SAMPLES];
      formats = new TrackFormat[INITIAL_SAMPLES];
      isVideo = new boolean[INITIAL_SAMPLES];
      pts = new long[INITIAL_SAMPLES];
      dts = new long[INITIAL_SAMPLES];
    }
    count = 0;
    open = false;
    pes.shrink();
  }

  private void writePes(int i, ByteWriter segment) throws MalformedMediaException {
    Sample sample = samples[i];
    if (isVideo[i]) {
      pes.buildH264(PesPacketizer.STREAM_ID_VIDEO, pts[i], dts[i], sample.data(), formats[i].avc(),
          sample.keyframe());
      packets.writePes(VIDEO_PID, pes.array(), pes.size(), pcr(dts[i]), sample.keyframe(),
          segment);
    } else {
      pes.buildAac(PesPacketizer.STREAM_ID_AUDIO, pts[i], dts[i], formats[i].aac(),
          sample.data());
      long pcr = pcrPid == AUDIO_PID ? pcr(dts[i]) : TsPacketWriter.NO_PCR;
      packets.writePes(AUDIO_PID, pes.array(), pes.size(), pcr,
          /* randomAccess= */ video == null, segment);
    }
  }

  private void grow() {
    int size = samples.length * 2;
    samples = Arrays.copyOf(samples, size);
    formats = Arrays.copyOf(formats, size);
    isVideo = Arrays.copyOf(isVideo, size);
    pts = Arrays.copyOf(pts, size);
    dts = Arrays.copyOf(dts, size);
  }

  private static long wire(long ticks90k) {
    return Math.floorMod(ticks90k + TIMESTAMP_OFFSET_90K, 1L << 33);
  }

  private static long pcr(long dtsOnWire90k) {
    return Math.floorMod(dtsOnWire90k - PCR_DELAY_90K, 1L << 33);
  }
}
