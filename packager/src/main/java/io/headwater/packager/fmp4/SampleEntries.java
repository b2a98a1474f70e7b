package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.Boxes.wrapIntoBox;
import static io.headwater.packager.fmp4.Boxes.wrapIntoFullBox;

import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;

/**
 * Sample entries for the {@code stsd} box: {@code avc1} (ISO/IEC 14496-15) and {@code mp4a}
 * (ISO/IEC 14496-14), with their configuration and bit rate boxes.
 */
public final class SampleEntries {
  /** Largest codec-private record accepted (avcC carries it with 16-bit NAL lengths anyway). */
  static final int MAX_CONFIG_BYTES = 64 * 1024;

  // ISO/IEC 14496-1 7.2.2.1 descriptor tags.
  private static final int ES_DESCR_TAG = 0x03;
  private static final int DECODER_CONFIG_DESCR_TAG = 0x04;
  private static final int DEC_SPECIFIC_INFO_TAG = 0x05;
  private static final int SL_CONFIG_DESCR_TAG = 0x06;
  // ISO/IEC 14496-1 7.2.6.6.2 Table 5: 0x40 = Audio ISO/IEC 14496-3.
  private static final int OBJECT_TYPE_AUDIO_14496_3 = 0x40;
  // ISO/IEC 14496-1 7.2.6.6.2 Table 6: 0x05 = AudioStream.
  private static final int STREAM_TYPE_AUDIO = 0x05;
  // ISO/IEC 14496-14 3.1.2: the SLConfigDescriptor of an MP4 file uses predefined = 2.
  private static final int SL_PREDEFINED_MP4 = 0x02;

  private SampleEntries() {}

  /**
   * SampleEntry header (ISO/IEC 14496-12 8.5.2.2): reserved(8)[6]=0, data_reference_index(16)=1.
   */
  private static void sampleEntryHeader(ByteWriter out) {
    out.zeros(6); // reserved
    out.u16(1); // data_reference_index: the one 'url ' entry in dref
  }

  /**
   * An H.264 visual sample entry (ISO/IEC 14496-15 5.4.2.1; VisualSampleEntry ISO/IEC 14496-12
   * 12.1.3.2).
   *
   * <pre>
   * avc1: SampleEntry(8) pre_defined(16)=0 reserved(16)=0 pre_defined(32)[3]=0
   *       width(16) height(16) horizresolution(32)=72 dpi vertresolution(32)=72 dpi
   *       reserved(32)=0 frame_count(16)=1 compressorname(8)[32] depth(16)=0x0018
   *       pre_defined(16)=-1
   * ├── avcC  AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), verbatim
   * └── btrt  (only when the bit rate is known)
   * </pre>
   */
  public static byte[] avc1(AvcConfig config, long avgBitrateBps) {
    byte[] record = config.record();
    if (record.length == 0 || record.length > MAX_CONFIG_BYTES) {
      throw new IllegalArgumentException("AVCDecoderConfigurationRecord of " + record.length
          + " bytes (must be 1.." + MAX_CONFIG_BYTES + ")");
    }
    checkDimension("width", config.width());
    checkDimension("height", config.height());
    ByteWriter out = new ByteWriter(78);
    sampleEntryHeader(out);
    out.u16(0); // pre_defined
    out.u16(0); // reserved
    out.zeros(12); // pre_defined(32)[3]
    out.u16(config.width()); // width
    out.u16(config.height()); // height
    out.u32(0x00480000); // horizresolution: 72 dpi (16.16)
    out.u32(0x00480000); // vertresolution: 72 dpi (16.16)
    out.u32(0); // reserved
    out.u16(1); // frame_count: one frame per sample
    out.zeros(32); // compressorname: empty Pascal string padded to 32 bytes
    out.u16(0x0018); // depth: colour, no alpha
    out.u16(0xFFFF); // pre_defined = -1
    byte[] avcC = wrapIntoBox(BoxTypes.AVCC, record);
    if (avgBitrateBps > 0) {
      return wrapIntoBox(BoxTypes.AVC1, out.toByteArray(), avcC, btrt(avgBitrateBps));
    }
    return wrapIntoBox(BoxTypes.AVC1, out.toByteArray(), avcC);
  }

  private static void checkDimension(String what, int value) {
    if (value <= 0 || value > 0xFFFF) {
      throw new IllegalArgumentException(what + " " + value + " outside 1..65535");
    }
  }

  /**
   * An MPEG-4 audio sample entry (ISO/IEC 14496-14 6.7.2; AudioSampleEntry ISO/IEC 14496-12
   * 12.2.3.2, version 0).
   *
   * <pre>
   * mp4a: SampleEntry(8) reserved(32)[2]=0 channelcount(16) samplesize(16)=16
   *       pre_defined(16)=0 reserved(16)=0 samplerate(32, 16.16)
   * ├── esds  ES_Descriptor (ISO/IEC 14496-1 7.2.6.5)
   * └── btrt  (only when the bit rate is known)
   * </pre>
   *
   * <p>samplerate is 16.16 fixed point, so rates of 65536 Hz and above (88.2 and 96 kHz) do not
   * fit; it is then written as 0, as ffmpeg does, and decoders take the rate from the
   * AudioSpecificConfig in {@code esds}, which is authoritative for AAC (ISO/IEC 14496-14 6.7.2
   * says the sample entry's rate and channel fields are not used for MPEG-4 audio).
   */
  public static byte[] mp4a(AacConfig config, long avgBitrateBps) {
    ByteWriter out = new ByteWriter(28);
    sampleEntryHeader(out);
    out.zeros(8); // reserved(32)[2]
    out.u16(config.channels() > 0 ? config.channels() : 2); // channelcount
    out.u16(16); // samplesize
    out.u16(0); // pre_defined
    out.u16(0); // reserved
    out.u32(sampleRateField(config.sampleRate())); // samplerate 16.16
    byte[] esds = esds(config.audioSpecificConfig(), avgBitrateBps);
    if (avgBitrateBps > 0) {
      return wrapIntoBox(BoxTypes.MP4A, out.toByteArray(), esds, btrt(avgBitrateBps));
    }
    return wrapIntoBox(BoxTypes.MP4A, out.toByteArray(), esds);
  }

  /** The 16.16 samplerate field: {@code rate << 16}, or 0 when the rate does not fit 16 bits. */
  static long sampleRateField(int sampleRateHz) {
    return sampleRateHz > 0xFFFF ? 0 : ((long) sampleRateHz << 16);
  }

  /**
   * Elementary stream descriptor box (ISO/IEC 14496-14 6.7.2; descriptors ISO/IEC 14496-1
   * 7.2.6).
   *
   * <pre>
   * esds v0
   * └── ES_Descriptor tag 0x03: ES_ID(16)=0 streamDependenceFlag(1) URL_Flag(1)
   *     │                       OCRstreamFlag(1) streamPriority(5) = 0
   *     ├── DecoderConfigDescriptor tag 0x04: objectTypeIndication(8)=0x40
   *     │   │   streamType(6)=5 upStream(1)=0 reserved(1)=1 bufferSizeDB(24)
   *     │   │   maxBitrate(32) avgBitrate(32)
   *     │   └── DecoderSpecificInfo tag 0x05: AudioSpecificConfig
   *     └── SLConfigDescriptor tag 0x06: predefined(8)=2
   * </pre>
   */
  public static byte[] esds(byte[] audioSpecificConfig, long avgBitrateBps) {
    if (audioSpecificConfig.length == 0 || audioSpecificConfig.length > MAX_CONFIG_BYTES) {
      throw new IllegalArgumentException("AudioSpecificConfig of " + audioSpecificConfig.length
          + " bytes (must be 1.." + MAX_CONFIG_BYTES + ")");
    }
    long bitrate = clampU32(avgBitrateBps);
    byte[] decSpecificInfo = descriptor(DEC_SPECIFIC_INFO_TAG, audioSpecificConfig);

    ByteWriter dcd = new ByteWriter(13 + decSpecificInfo.length);
    dcd.u8(OBJECT_TYPE_AUDIO_14496_3); // objectTypeIndication
    dcd.u8((STREAM_TYPE_AUDIO << 2) | 0x01); // streamType(6), upStream(1)=0, reserved(1)=1
    dcd.u24(0); // bufferSizeDB: unknown
    dcd.u32(bitrate); // maxBitrate: only the average is known at init time
    dcd.u32(bitrate); // avgBitrate: 0 = variable or unknown (7.2.6.6.2)
    dcd.bytes(decSpecificInfo);
    byte[] decoderConfig = descriptor(DECODER_CONFIG_DESCR_TAG, dcd.toByteArray());
    byte[] slConfig = descriptor(SL_CONFIG_DESCR_TAG, new byte[] {SL_PREDEFINED_MP4});

    ByteWriter es = new ByteWriter(3 + decoderConfig.length + slConfig.length);
    es.u16(0); // ES_ID: 0 in MP4 files, where the track_ID identifies the stream (14496-14 3.1.2)
    es.u8(0); // streamDependenceFlag, URL_Flag, OCRstreamFlag, streamPriority
    es.bytes(decoderConfig).bytes(slConfig);
    return wrapIntoFullBox(BoxTypes.ESDS, 0, 0, descriptor(ES_DESCR_TAG, es.toByteArray()));
  }

  /**
   * A descriptor: tag(8), then sizeOfInstance in 7-bit groups, most significant first, with
   * nextByte(1) set on all but the last (ISO/IEC 14496-1 8.3.3 expandable class size).
   */
  static byte[] descriptor(int tag, byte[] payload) {
    int size = payload.length;
    int sizeBytes = 1;
    while (sizeBytes < 4 && (size >>> (7 * sizeBytes)) != 0) {
      sizeBytes++;
    }
    ByteWriter out = new ByteWriter(1 + sizeBytes + size);
    out.u8(tag);
    for (int i = sizeBytes - 1; i >= 0; i--) {
      int group = (size >>> (7 * i)) & 0x7F;
      out.u8(i > 0 ? group | 0x80 : group);
    }
    return out.bytes(payload).toByteArray();
  }

  /**
   * Bit rate box (ISO/IEC 14496-12 8.5.2.2), which CMAF asks for in every sample entry.
   *
   * <pre>
   * btrt: bufferSizeDB(32)=0 (unknown) maxBitrate(32) avgBitrate(32)
   * </pre>
   *
   * <p>Only the average is known when the init segment is written, so maxBitrate repeats it.
   */
  public static byte[] btrt(long avgBitrateBps) {
    long bitrate = clampU32(avgBitrateBps);
    ByteWriter out = new ByteWriter(12);
    out.u32(0); // bufferSizeDB
    out.u32(bitrate); // maxBitrate
    out.u32(bitrate); // avgBitrate
    return wrapIntoBox(BoxTypes.BTRT, out.toByteArray());
  }

  private static long clampU32(long value) {
    return Math.max(0, Math.min(value, 0xFFFFFFFFL));
  }
}
