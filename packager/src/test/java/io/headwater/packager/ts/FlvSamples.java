package io.headwater.packager.ts;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny test-local FLV reader (FLV spec v10.1 E.2-E.4.3): turns a sample-media file into formats
 * and samples in file order, the way the ingest demux would, without depending on ingest.
 */
final class FlvSamples {
  private static final int[] AAC_SAMPLE_RATES = {96_000, 88_200, 64_000, 48_000, 44_100, 32_000,
      24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350};

  /** The tracks of the file (either may be null) and its samples in file order. */
  record Media(TrackFormat video, TrackFormat audio, List<TsSegmentWriterTest.Input> inputs) {}

  private FlvSamples() {}

  static Media read(String name) throws IOException, MalformedMediaException {
    byte[] flv;
    try (InputStream in = FlvSamples.class.getResourceAsStream("/sample-media/" + name)) {
      if (in == null) {
        throw new IllegalStateException("sample-media/" + name + " is not on the test classpath");
      }
      flv = in.readAllBytes();
    }
    ByteReader r = new ByteReader(flv);
    r.skip(5, "FLV signature, version, flags");
    r.skip((int) r.readU32("DataOffset") - 9, "rest of the FLV header");
    TrackFormat video = null;
    TrackFormat audio = null;
    long audioFrames = 0;
    long audioStartTicks = -1;
    List<TsSegmentWriterTest.Input> inputs = new ArrayList<>();
    while (r.bytesLeft() >= 4 + 11) {
      r.skip(4, "PreviousTagSize");
      int type = r.readU8("TagType") & 0x1F;
      int size = r.readU24("DataSize");
      long ms = r.readU24("Timestamp") | ((long) r.readU8("TimestampExtended") << 24);
      r.skip(3, "StreamID");
      byte[] body = r.readBytes(size, "tag body");
      ByteReader b = new ByteReader(body);
      if (type == 9 && body.length > 5) {
        int frameAndCodec = b.readU8("FrameType/CodecID");
        int packetType = b.readU8("AVCPacketType");
        int ctsMs = b.readS24("CompositionTime");
        byte[] rest = b.readBytes(b.bytesLeft(), "AVC data");
        if (packetType == 0) {
          video = TrackFormat.h264(avcConfig(rest));
        } else if (packetType == 1 && video != null) {
          boolean key = (frameAndCodec >> 4) == 1;
          inputs.add(new TsSegmentWriterTest.Input(video,
              Sample.of(TrackFormat.VIDEO_TRACK_ID, ms * 90, ctsMs * 90, key, rest)));
        }
      } else if (type == 8 && body.length > 2) {
        b.skip(1, "SoundFormat/Rate/Size/Type");
        int packetType = b.readU8("AACPacketType");
        byte[] rest = b.readBytes(b.bytesLeft(), "AAC data");
        if (packetType == 0) {
          audio = TrackFormat.aac(aacConfig(rest));
        } else if (audio != null) {
          if (audioStartTicks < 0) {
            audioStartTicks = ms * audio.timescale() / 1000;
          }
          long dts = audioStartTicks + audioFrames++ * AacConfig.SAMPLES_PER_FRAME;
          inputs.add(new TsSegmentWriterTest.Input(audio,
              Sample.of(TrackFormat.AUDIO_TRACK_ID, dts, 0, true, rest)));
        }
      }
    }
    return new Media(video, audio, inputs);
  }

  /** AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1. */
  private static AvcConfig avcConfig(byte[] record) throws MalformedMediaException {
    ByteReader r = new ByteReader(record);
    r.skip(1, "configurationVersion");
    int profile = r.readU8("AVCProfileIndication");
    int constraints = r.readU8("profile_compatibility");
    int level = r.readU8("AVCLevelIndication");
    int nalLengthSize = (r.readU8("lengthSizeMinusOne") & 0x03) + 1;
    List<byte[]> sps = new ArrayList<>();
    for (int n = r.readU8("numOfSequenceParameterSets") & 0x1F; n > 0; n--) {
      sps.add(r.readBytes(r.readU16("sequenceParameterSetLength"), "SPS"));
    }
    List<byte[]> pps = new ArrayList<>();
    for (int n = r.readU8("numOfPictureParameterSets"); n > 0; n--) {
      pps.add(r.readBytes(r.readU16("pictureParameterSetLength"), "PPS"));
    }
    return new AvcConfig(record, sps, pps, nalLengthSize, profile, constraints, level, 640, 360,
        30_000);
  }

  /** AudioSpecificConfig, ISO/IEC 14496-3 1.6.2.1 (object type < 31, indexed frequency). */
  private static AacConfig aacConfig(byte[] asc) {
    int objectType = (asc[0] & 0xFF) >> 3;
    int frequencyIndex = ((asc[0] & 0x07) << 1) | ((asc[1] & 0xFF) >> 7);
    int channelConfig = (asc[1] >> 3) & 0x0F;
    return new AacConfig(asc, objectType, frequencyIndex, AAC_SAMPLE_RATES[frequencyIndex],
        channelConfig, channelConfig);
  }
}
