package io.headwater.packager.fmp4;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mp4parser.Box;
import org.mp4parser.Container;
import org.mp4parser.IsoFile;
import org.mp4parser.tools.ByteBufferByteChannel;

/** Formats, samples and an mp4parser bridge shared by the fmp4 tests. */
final class CmafTestData {
  /** SPS of a High profile (100) level 3.1 stream: nal header 0x67, profile, flags, level. */
  static final byte[] SPS = {0x67, 0x64, 0x00, 0x1F, (byte) 0xAC, (byte) 0xD9, 0x40};
  static final byte[] PPS = {0x68, (byte) 0xEB, (byte) 0xE3, (byte) 0xCB, 0x22, (byte) 0xC0};

  /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) carrying SPS and PPS. */
  static final byte[] AVCC_RECORD = avcRecord(SPS, PPS);

  /** AudioSpecificConfig: AAC-LC (2), 48 kHz (index 3), stereo (2): 00010 0011 0010 000. */
  static final byte[] ASC_LC_48K_STEREO = {0x11, (byte) 0x90};

  private CmafTestData() {}

  static byte[] avcRecord(byte[] sps, byte[] pps) {
    byte[] r = new byte[6 + 2 + sps.length + 1 + 2 + pps.length + 4];
    int i = 0;
    r[i++] = 1; // configurationVersion
    r[i++] = sps[1]; // AVCProfileIndication
    r[i++] = sps[2]; // profile_compatibility
    r[i++] = sps[3]; // AVCLevelIndication
    r[i++] = (byte) 0xFF; // reserved(6) lengthSizeMinusOne(2)=3
    r[i++] = (byte) 0xE1; // reserved(3) numOfSequenceParameterSets(5)=1
    r[i++] = (byte) (sps.length >> 8);
    r[i++] = (byte) sps.length;
    System.arraycopy(sps, 0, r, i, sps.length);
    i += sps.length;
    r[i++] = 1; // numOfPictureParameterSets
    r[i++] = (byte) (pps.length >> 8);
    r[i++] = (byte) pps.length;
    System.arraycopy(pps, 0, r, i, pps.length);
    i += pps.length;
    // High profile extension (14496-15 5.3.3.1.2): chroma_format 1, 8-bit, no SPS ext.
    r[i++] = (byte) 0xFD; // reserved(6)=1 chroma_format(2)=1
    r[i++] = (byte) 0xF8; // reserved(5)=1 bit_depth_luma_minus8(3)=0
    r[i++] = (byte) 0xF8; // reserved(5)=1 bit_depth_chroma_minus8(3)=0
    r[i] = 0; // numOfSequenceParameterSetExt
    return r;
  }

  static TrackFormat video(int width, int height) {
    return TrackFormat.h264(new AvcConfig(AVCC_RECORD, List.of(SPS), List.of(PPS), 4,
        100, 0, 31, width, height, 30_000));
  }

  static TrackFormat audio48k() {
    return TrackFormat.aac(new AacConfig(ASC_LC_48K_STEREO, 2, 3, 48_000, 2, 2));
  }

  /** A payload whose bytes encode its index, so that misplaced samples are caught. */
  static byte[] payload(int index, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (index * 31 + i);
    }
    return b;
  }

  /** Consecutive AAC frames of {@code count} samples each 1024 ticks, from {@code firstDts}. */
  static List<Sample> audioFrames(long firstDts, int count) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Sample.of(TrackFormat.AUDIO_TRACK_ID, firstDts + 1024L * i, 0, true,
          payload(i, 20 + i % 7)));
    }
    return out;
  }

  static IsoFile parse(byte[] bytes) throws IOException {
    return new IsoFile(new ByteBufferByteChannel(bytes));
  }

  static List<String> types(Container container) {
    List<String> out = new ArrayList<>();
    for (Box box : container.getBoxes()) {
      out.add(box.getType());
    }
    return out;
  }
}
