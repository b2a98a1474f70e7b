package io.headwater.packager.ts;

import io.headwater.packager.codec.aac.AdtsHeader;
import io.headwater.packager.codec.h264.NalUnits;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds one PES packet at a time (ISO/IEC 13818-1 2.4.3.6) into an array kept across samples, so
 * muxing a sample allocates nothing that grows with its size: the AVCC or AAC payload is copied
 * once, from the sample's buffer into the packet behind its header, where H.264 also gets its
 * Annex B form (ITU-T H.264 Annex B; 13818-1 2.14) as {@code AnnexB.fromAvcc} defines it: an AUD
 * first, the SPS and PPS before an IDR picture, the sample's own SPS, PPS and AUD dropped.
 * {@link #h264Length} and {@link #aacLength} give a packet's size without building it.
 * Not thread-safe: one instance per {@link TsSegmentWriter}.
 */
final class PesBuffer {
  private static final byte[] START_CODE = {0, 0, 0, 1};
  /** AUD NAL unit (7.3.2.4): nal_unit_type 9, primary_pic_type 7 ("any"), stop bit. */
  private static final byte[] AUD = {0x09, (byte) 0xF0};
  private static final int INITIAL_BYTES = 16 * 1024;
  private static final int KEEP_BYTES = 64 * 1024;

  private byte[] packet = new byte[INITIAL_BYTES];
  private int size;
  private final IdrFinder idrFinder = new IdrFinder();
  private final AnnexBAppender annexB = new AnnexBAppender();

  /** The packet built last; valid up to {@link #size()} until the next build. */
  byte[] array() {
    return packet;
  }

  /** Bytes of the packet built last. */
  int size() {
    return size;
  }

  /**
   * The size {@link #buildH264} gives the packet of this access unit, found by walking its NAL
   * units without copying them; checks the sample as {@link #buildH264} does.
   *
   * @throws MalformedMediaException if the sample is empty or a NAL length prefix runs past it
   */
  int h264Length(long pts90k, long dts90k, ByteBuffer avcc, AvcConfig config, boolean keyframe)
      throws MalformedMediaException {
    boolean idr = scan(avcc, config, keyframe);
    long length = PesPacketizer.headerLength(pts90k, dts90k) + START_CODE.length + AUD.length
        + annexB.keptBytes;
    if (idr) {
      for (byte[] sps : config.sps()) {
        length += START_CODE.length + sps.length;
      }
      for (byte[] pps : config.pps()) {
        length += START_CODE.length + pps.length;
      }
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new MalformedMediaException("H.264 access unit of " + length + " bytes in Annex B");
    }
    return (int) length;
  }

  /** The size {@link #buildAac} gives the packet of an AAC frame of {@code frameBytes}. */
  static int aacLength(long pts90k, long dts90k, int frameBytes) {
    return PesPacketizer.headerLength(pts90k, dts90k) + AdtsHeader.SIZE + frameBytes;
  }

  /**
   * Builds a video PES packet of one H.264 access unit in AVCC form.
   *
   * @throws MalformedMediaException if the sample is empty or a NAL length prefix runs past it
   */
  void buildH264(int streamId, long pts90k, long dts90k, ByteBuffer avcc, AvcConfig config,
      boolean keyframe) throws MalformedMediaException {
    boolean idr = scan(avcc, config, keyframe);
    int headerBytes = PesPacketizer.headerLength(pts90k, dts90k);
    size = headerBytes;
    append(START_CODE, 0, START_CODE.length);
    append(AUD, 0, AUD.length);
    if (idr) {
      for (byte[] sps : config.sps()) {
        append(START_CODE, 0, START_CODE.length);
        append(sps, 0, sps.length);
      }
      for (byte[] pps : config.pps()) {
        append(START_CODE, 0, START_CODE.length);
        append(pps, 0, pps.length);
      }
    }
    ensure((int) annexB.keptBytes); // h264Length bounded it
    NalUnits.forEach(avcc, config.nalLengthSize(), annexB);
    writeHeader(streamId, pts90k, dts90k, headerBytes);
  }

  /**
   * Builds an audio PES packet of one AAC frame behind its 7-byte ADTS header.
   *
   * @throws MalformedMediaException if the frame cannot be framed in ADTS ({@link AdtsHeader})
   */
  void buildAac(int streamId, long pts90k, long dts90k, AacConfig config, ByteBuffer frame)
      throws MalformedMediaException {
    int headerBytes = PesPacketizer.headerLength(pts90k, dts90k);
    int length = frame.remaining();
    size = headerBytes;
    ensure(AdtsHeader.SIZE + length);
    AdtsHeader.write(config, length, packet, size);
    size += AdtsHeader.SIZE;
    frame.get(frame.position(), packet, size, length);
    size += length;
    writeHeader(streamId, pts90k, dts90k, headerBytes);
  }

  /**
   * Lets go of an array a keyframe grew beyond {@value #KEEP_BYTES} bytes, so that an idle or
   * between-segments stream holds little: called once per segment, after its keyframe.
   */
  void shrink() {
    if (packet.length > KEEP_BYTES) {
      packet = new byte[INITIAL_BYTES];
    }
  }

  /**
   * Walks the access unit's NAL units once: whether it holds an IDR slice (or is flagged a
   * keyframe), and how many bytes its kept NAL units take behind start codes.
   */
  private boolean scan(ByteBuffer avcc, AvcConfig config, boolean keyframe)
      throws MalformedMediaException {
    if (!avcc.hasRemaining()) {
      throw new MalformedMediaException("empty H.264 sample: no NAL units");
    }
    idrFinder.idr = keyframe;
    annexB.keptBytes = 0;
    NalUnits.forEach(avcc, config.nalLengthSize(), idrFinder);
    return idrFinder.idr;
  }

  /** Whether the Annex B form keeps a NAL unit of this type: all but SPS, PPS and AUD. */
  private static boolean kept(int nalType) {
    return nalType != NalUnits.TYPE_SPS && nalType != NalUnits.TYPE_PPS
        && nalType != NalUnits.TYPE_AUD;
  }

  private void writeHeader(int streamId, long pts90k, long dts90k, int headerBytes) {
    PesPacketizer.header(streamId, pts90k, dts90k, size - headerBytes, packet, 0);
  }

  private void append(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, packet, size, length);
    size += length;
  }

  private void ensure(int extra) {
    if (size + extra > packet.length) {
      packet = Arrays.copyOf(packet, Math.max(packet.length * 2, size + extra));
    }
  }

  /**
   * Notes whether an access unit holds an IDR slice (nal_unit_type 5, H.264 Table 7-1), and
   * counts the bytes of the NAL units {@link AnnexBAppender} keeps.
   */
  private final class IdrFinder implements NalUnits.BufferNalUnitConsumer {
    boolean idr;

    @Override
    public void accept(int nalType, ByteBuffer buffer, int index, int length) {
      idr |= nalType == NalUnits.TYPE_IDR;
      if (kept(nalType)) {
        annexB.keptBytes += START_CODE.length + length;
      }
    }
  }

  /** Appends each NAL unit behind a start code, but the parameter sets and AUDs it replaces. */
  private final class AnnexBAppender implements NalUnits.BufferNalUnitConsumer {
    /** Bytes of the kept NAL units with their start codes, counted by {@link IdrFinder}. */
    long keptBytes;

    @Override
    public void accept(int nalType, ByteBuffer buffer, int index, int length) {
      if (!kept(nalType)) {
        return;
      }
      append(START_CODE, 0, START_CODE.length);
      buffer.get(index, packet, size, length); // ensured for all kept units before the walk
      size += length;
    }
  }
}
