package io.headwater.packager.ts;

import io.headwater.packager.codec.h264.NalUnits;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Builds one PES packet at a time (ISO/IEC 13818-1 2.4.3.6) into arrays kept across samples, so
 * muxing a sample allocates nothing that grows with its size: the AVCC or AAC payload is copied
 * once into a scratch array, then once into the packet behind its header, where H.264 also gets
 * its Annex B form (ITU-T H.264 Annex B; 13818-1 2.14) as {@code AnnexB.fromAvcc} defines it: an
 * AUD first, the SPS and PPS before an IDR picture, the sample's own SPS, PPS and AUD dropped.
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
  private byte[] sample = new byte[INITIAL_BYTES];
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
   * Builds a video PES packet of one H.264 access unit in AVCC form.
   *
   * @throws MalformedMediaException if a NAL length prefix runs past the sample
   */
  void buildH264(int streamId, long pts90k, long dts90k, ByteBuffer avcc, AvcConfig config,
      boolean keyframe) throws MalformedMediaException {
    int length = copySample(avcc);
    if (length == 0) {
      throw new MalformedMediaException("empty H.264 sample: no NAL units");
    }
    idrFinder.idr = keyframe;
    NalUnits.forEach(sample, 0, length, config.nalLengthSize(), idrFinder);
    int headerBytes = PesPacketizer.headerLength(pts90k, dts90k);
    size = headerBytes;
    append(START_CODE, 0, START_CODE.length);
    append(AUD, 0, AUD.length);
    if (idrFinder.idr) {
      for (byte[] sps : config.sps()) {
        append(START_CODE, 0, START_CODE.length);
        append(sps, 0, sps.length);
      }
      for (byte[] pps : config.pps()) {
        append(START_CODE, 0, START_CODE.length);
        append(pps, 0, pps.length);
      }
    }
    NalUnits.forEach(sample, 0, length, config.nalLengthSize(), annexB);
    writeHeader(streamId, pts90k, dts90k, headerBytes);
  }

  /** Builds an audio PES packet of one AAC frame behind its 7-byte ADTS header. */
  void buildAac(int streamId, long pts90k, long dts90k, byte[] adtsHeader, ByteBuffer frame) {
    int headerBytes = PesPacketizer.headerLength(pts90k, dts90k);
    size = headerBytes;
    append(adtsHeader, 0, adtsHeader.length);
    int length = frame.remaining();
    ensure(length);
    frame.duplicate().get(packet, size, length);
    size += length;
    writeHeader(streamId, pts90k, dts90k, headerBytes);
  }

  /**
   * Lets go of arrays a keyframe grew beyond {@value #KEEP_BYTES} bytes, so that an idle or
   * between-segments stream holds little: called once per segment, after its keyframe.
   */
  void shrink() {
    if (packet.length > KEEP_BYTES) {
      packet = new byte[INITIAL_BYTES];
    }
    if (sample.length > KEEP_BYTES) {
      sample = new byte[INITIAL_BYTES];
    }
  }

  private void writeHeader(int streamId, long pts90k, long dts90k, int headerBytes) {
    byte[] header = PesPacketizer.header(streamId, pts90k, dts90k, size - headerBytes);
    System.arraycopy(header, 0, packet, 0, headerBytes);
  }

  private int copySample(ByteBuffer src) {
    int length = src.remaining();
    if (length > sample.length) {
      sample = new byte[Math.max(length, sample.length * 2)];
    }
    src.duplicate().get(sample, 0, length);
    return length;
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

  /** Notes whether an access unit holds an IDR slice (nal_unit_type 5, H.264 Table 7-1). */
  private static final class IdrFinder implements NalUnits.NalUnitConsumer {
    boolean idr;

    @Override
    public void accept(int nalType, byte[] data, int offset, int length) {
      idr |= nalType == NalUnits.TYPE_IDR;
    }
  }

  /** Appends each NAL unit behind a start code, but the parameter sets and AUDs it replaces. */
  private final class AnnexBAppender implements NalUnits.NalUnitConsumer {
    @Override
    public void accept(int nalType, byte[] data, int offset, int length) {
      if (nalType == NalUnits.TYPE_SPS || nalType == NalUnits.TYPE_PPS
          || nalType == NalUnits.TYPE_AUD) {
        return;
      }
      append(START_CODE, 0, START_CODE.length);
      append(data, offset, length);
    }
  }
}
