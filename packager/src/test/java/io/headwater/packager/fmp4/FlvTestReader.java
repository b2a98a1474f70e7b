package io.headwater.packager.fmp4;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A few-line FLV reader for tests (FLV spec v10.1 E.2, E.3): turns the sample files into track
 * formats and samples without depending on the ingest module.
 */
final class FlvTestReader {
  static final int TAG_AUDIO = 8;
  static final int TAG_VIDEO = 9;

  /** One FLV tag: type, 32-bit millisecond timestamp, body. */
  record Tag(int type, long timestampMs, byte[] body) {}

  /** The video and audio of one file, as the packager would receive them. */
  record Media(TrackFormat video, List<Sample> videoSamples, TrackFormat audio,
      List<Sample> audioSamples) {}

  private FlvTestReader() {}

  /** The sample file {@code name} from sample-media/media, next to this module. */
  static Path sampleFile(String name) {
    Path path = Path.of("..", "sample-media", "media", name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("sample file missing: " + path.toAbsolutePath());
    }
    return path;
  }

  static List<Tag> tags(byte[] flv) {
    ByteBuffer in = ByteBuffer.wrap(flv);
    in.position(in.getInt(5)); // header: 'FLV' version(8) flags(8) DataOffset(32)
    List<Tag> tags = new ArrayList<>();
    while (in.remaining() >= 4 + 11) {
      in.getInt(); // PreviousTagSize
      int type = in.get() & 0x1F; // reserved(2) filter(1) TagType(5)
      int size = u24(in);
      long ts = u24(in) | ((in.get() & 0xFFL) << 24); // Timestamp(24) TimestampExtended(8)
      u24(in); // StreamID
      if (size > in.remaining()) {
        break;
      }
      byte[] body = new byte[size];
      in.get(body);
      tags.add(new Tag(type, ts, body));
    }
    return tags;
  }

  private static int u24(ByteBuffer in) {
    return ((in.get() & 0xFF) << 16) | ((in.get() & 0xFF) << 8) | (in.get() & 0xFF);
  }

  /** Reads an H.264 + AAC FLV; video in 90 kHz ticks, audio in counted 1024-sample frames. */
  static Media read(Path file, int width, int height) throws IOException {
    TrackFormat video = null;
    TrackFormat audio = null;
    List<Sample> videoSamples = new ArrayList<>();
    List<Sample> audioSamples = new ArrayList<>();
    long firstAudioDts = -1;
    for (Tag tag : tags(Files.readAllBytes(file))) {
      byte[] b = tag.body();
      if (tag.type() == TAG_VIDEO && (b[0] & 0x0F) == 7) { // CodecID 7 = AVC
        int packetType = b[1] & 0xFF; // AVCPacketType: 0 sequence header, 1 NALU
        byte[] data = Arrays.copyOfRange(b, 5, b.length);
        if (packetType == 0) {
          video = TrackFormat.h264(avcConfig(data, width, height));
        } else if (packetType == 1) {
          int cts = (b[2] << 16) | ((b[3] & 0xFF) << 8) | (b[4] & 0xFF); // SI24, sign from b[2]
          boolean key = (b[0] & 0xF0) == 0x10; // FrameType 1 = keyframe
          videoSamples.add(Sample.of(TrackFormat.VIDEO_TRACK_ID, tag.timestampMs() * 90,
              cts * 90, key, data));
        }
      } else if (tag.type() == TAG_AUDIO && ((b[0] & 0xF0) >> 4) == 10) { // SoundFormat 10 = AAC
        byte[] data = Arrays.copyOfRange(b, 2, b.length);
        if (b[1] == 0) { // AACPacketType 0: AudioSpecificConfig
          audio = TrackFormat.aac(aacConfig(data));
        } else {
          if (firstAudioDts < 0) {
            firstAudioDts = tag.timestampMs() * audio.timescale() / 1000;
          }
          long dts = firstAudioDts + 1024L * audioSamples.size();
          audioSamples.add(Sample.of(TrackFormat.AUDIO_TRACK_ID, dts, 0, true, data));
        }
      }
    }
    return new Media(video, videoSamples, audio, audioSamples);
  }

  /** An AvcConfig from an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1). */
  static AvcConfig avcConfig(byte[] record, int width, int height) {
    ByteBuffer in = ByteBuffer.wrap(record);
    in.position(4);
    int nalLengthSize = (in.get() & 0x03) + 1;
    List<byte[]> sps = new ArrayList<>();
    for (int n = in.get() & 0x1F; n > 0; n--) {
      byte[] nal = new byte[in.getShort() & 0xFFFF];
      in.get(nal);
      sps.add(nal);
    }
    List<byte[]> pps = new ArrayList<>();
    for (int n = in.get() & 0xFF; n > 0; n--) {
      byte[] nal = new byte[in.getShort() & 0xFFFF];
      in.get(nal);
      pps.add(nal);
    }
    byte[] first = sps.get(0);
    return new AvcConfig(record, sps, pps, nalLengthSize, first[1] & 0xFF, first[2] & 0xFF,
        first[3] & 0xFF, width, height, 0);
  }

  /** An AacConfig from a two-byte AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1). */
  static AacConfig aacConfig(byte[] asc) {
    int objectType = (asc[0] & 0xFF) >> 3; // audioObjectType(5)
    int frequencyIndex = ((asc[0] & 0x07) << 1) | ((asc[1] & 0xFF) >> 7); // (4)
    int channelConfiguration = (asc[1] >> 3) & 0x0F; // (4)
    int[] rates = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};
    return new AacConfig(asc, objectType, frequencyIndex, rates[frequencyIndex],
        channelConfiguration, channelConfiguration);
  }
}
