package io.headwater.packager.ts;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Codec;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.util.ArrayList;
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

  private final TrackFormat video;
  private final TrackFormat audio;
  private final byte[] pat;
  private final byte[] pmt;
  private final int pcrPid;
  private final TsPacketWriter packets = new TsPacketWriter();
  private final PesBuffer pes = new PesBuffer();
  private ByteWriter segment;
  private int lastSegmentBytes = 64 * 1024;

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
    if (segment != null) {
      throw new IllegalStateException("segment already started");
    }
    // Sized from the previous segment with an eighth to spare, so a segment is rarely copied
    // while it grows; the first one starts small.
    segment = new ByteWriter(lastSegmentBytes + lastSegmentBytes / 8
        + 4 * TsPacketWriter.PACKET_SIZE);
    packets.writePsi(PsiTables.PAT_PID, pat, segment);
    packets.writePsi(PsiTables.PMT_PID, pmt, segment);
  }

  /**
   * Appends one sample of the video or the audio track as a PES packet.
   *
   * @throws MalformedMediaException if the H.264 sample's NAL lengths are inconsistent, or the AAC
   *     frame cannot be framed in ADTS
   */
  public void writeSample(TrackFormat format, Sample sample) throws MalformedMediaException {
    if (segment == null) {
      throw new IllegalStateException("writeSample before startSegment");
    }
    long dts90k = wire(format.to90k(sample.dtsTicks()));
    long pts90k = wire(format.to90k(sample.ptsTicks()));
    if (video != null && format.trackId() == video.trackId() && format.codec() == Codec.H264) {
      pes.buildH264(PesPacketizer.STREAM_ID_VIDEO, pts90k, dts90k, sample.data(), format.avc(),
          sample.keyframe());
      packets.writePes(VIDEO_PID, pes.array(), pes.size(), pcr(dts90k), sample.keyframe(),
          segment);
    } else if (audio != null && format.trackId() == audio.trackId()
        && format.codec() == Codec.AAC) {
      byte[] adts = AdtsHeader.write(format.aac(), sample.size());
      pes.buildAac(PesPacketizer.STREAM_ID_AUDIO, pts90k, dts90k, adts, sample.data());
      long pcr = pcrPid == AUDIO_PID ? pcr(dts90k) : TsPacketWriter.NO_PCR;
      packets.writePes(AUDIO_PID, pes.array(), pes.size(), pcr,
          /* randomAccess= */ video == null, segment);
    } else {
      throw new IllegalArgumentException("sample of track " + format.trackId() + " ("
          + format.codec() + ") is not a track of this writer");
    }
  }

  /** Ends the segment and returns its bytes; the next segment begins with {@link #startSegment}. */
  public byte[] finishSegment() {
    if (segment == null) {
      throw new IllegalStateException("finishSegment before startSegment");
    }
    byte[] bytes = segment.toByteArray();
    segment = null;
    lastSegmentBytes = bytes.length;
    pes.shrink();
    return bytes;
  }

  private static long wire(long ticks90k) {
    return Math.floorMod(ticks90k + TIMESTAMP_OFFSET_90K, 1L << 33);
  }

  private static long pcr(long dtsOnWire90k) {
    return Math.floorMod(dtsOnWire90k - PCR_DELAY_90K, 1L << 33);
  }
}
