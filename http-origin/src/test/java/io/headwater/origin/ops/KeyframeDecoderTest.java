package io.headwater.origin.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.origin.Tools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Thumbnails of the sample files' first keyframe are JPEGs of the size ffprobe reports, whatever
 * the profile; a picture larger than the decoder's bound is refused before any buffer is made.
 */
class KeyframeDecoderTest {
  /** The AVC sequence header and the first keyframe of a file, as FLV video tag bodies. */
  private record Tags(byte[] config, byte[] keyframe) {}

  private static Tags firstKeyframe(Path flv) throws Exception {
    byte[] config = null;
    try (InputStream in = Files.newInputStream(flv)) {
      FlvReader reader = new FlvReader(in);
      reader.header();
      for (FlvTag tag = reader.next(); tag != null; tag = reader.next()) {
        byte[] b = tag.body();
        // E.4.3.1 VIDEODATA: FrameType (4 bits), CodecID 7 = AVC, then AVCPacketType
        if (tag.type() != FlvTag.VIDEO || b.length < 5 || (b[0] & 0x0f) != 7) {
          continue;
        }
        if (b[1] == 0) {
          config = b;
        } else if (b[1] == 1 && (b[0] & 0xf0) == 0x10 && config != null) {
          return new Tags(config, b);
        }
      }
    }
    throw new AssertionError("no AVC keyframe in " + flv);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h264-baseline-aac.flv", "h264-high-bframes-aac.flv",
      "h264-only.flv"})
  void decodesTheFirstKeyframeAtTheStreamSize(String file) throws Exception {
    Path flv = Tools.sample(file);
    Tags tags = firstKeyframe(flv);
    byte[] jpeg = KeyframeDecoder.toJpeg(tags.config(), tags.keyframe());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
    JsonNode video = Tools.probe(flv.toString(), "-show_streams", "-select_streams", "v")
        .get("streams").get(0);
    assertThat(img.getWidth()).isEqualTo(video.get("width").asInt());
    assertThat(img.getHeight()).isEqualTo(video.get("height").asInt());
    // Not a flat picture: the samples are a moving test pattern.
    int corner = img.getRGB(0, 0);
    boolean varied = false;
    for (int y = 0; y < img.getHeight() && !varied; y += 7) {
      for (int x = 0; x < img.getWidth() && !varied; x += 7) {
        varied = Math.abs((img.getRGB(x, y) & 0xff) - (corner & 0xff)) > 32;
      }
    }
    assertThat(varied).as("the picture has content").isTrue();
  }

  @Test
  void refusesAPictureLargerThanTheBoundBeforeDecoding() throws Exception {
    // 1001 x 1001 macroblocks: within what the SPS parser allows (Annex A), over the bound.
    byte[] sps = baselineSps(1000, 1000);
    byte[] pps = {0x68, (byte) 0xce, 0x38, (byte) 0x80};
    ByteArrayOutputStream tag = new ByteArrayOutputStream();
    tag.write(new byte[] {0x17, 0, 0, 0, 0}); // keyframe, AVC, sequence header, cts 0
    // ISO/IEC 14496-15 5.3.3.1: version, profile, compatibility, level, lengthSizeMinusOne
    tag.write(new byte[] {1, 66, 0, 51, (byte) 0xff, (byte) 0xe1});
    tag.write(sps.length >> 8);
    tag.write(sps.length);
    tag.write(sps);
    tag.write(1);
    tag.write(0);
    tag.write(pps.length);
    tag.write(pps);
    byte[] keyframe = {0x17, 1, 0, 0, 0, 0, 0, 0, 2, 0x65, (byte) 0x88};
    assertThatThrownBy(() -> KeyframeDecoder.toJpeg(tag.toByteArray(), keyframe))
        .isInstanceOf(IOException.class).hasMessageContaining("too large for a thumbnail");
  }

  /** A baseline SPS (ITU-T H.264 7.3.2.1.1) of the given size, without cropping or VUI. */
  private static byte[] baselineSps(int widthMbsMinus1, int heightMapUnitsMinus1) {
    Bits b = new Bits();
    b.bits(0x67, 8); // forbidden_zero_bit, nal_ref_idc 3, nal_unit_type 7
    b.bits(66, 8); // profile_idc
    b.bits(0, 8); // constraint flags
    b.bits(51, 8); // level_idc
    b.ue(0); // seq_parameter_set_id
    b.ue(0); // log2_max_frame_num_minus4
    b.ue(2); // pic_order_cnt_type
    b.ue(1); // max_num_ref_frames
    b.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
    b.ue(widthMbsMinus1);
    b.ue(heightMapUnitsMinus1);
    b.bits(1, 1); // frame_mbs_only_flag
    b.bits(1, 1); // direct_8x8_inference_flag
    b.bits(0, 1); // frame_cropping_flag
    b.bits(0, 1); // vui_parameters_present_flag
    b.bits(1, 1); // rbsp_stop_one_bit
    return b.bytes();
  }

  /** A big-endian bit writer with Exp-Golomb codes (9.1); the sizes here need no escaping. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;

    void bits(int value, int n) {
      for (int i = n - 1; i >= 0; i--) {
        current = (current << 1) | ((value >> i) & 1);
        if (++count == 8) {
          out.write(current);
          current = 0;
          count = 0;
        }
      }
    }

    void ue(int value) {
      int v = value + 1;
      int len = 32 - Integer.numberOfLeadingZeros(v);
      bits(0, len - 1);
      bits(v, len);
    }

    byte[] bytes() {
      if (count > 0) {
        bits(0, 8 - count);
      }
      return out.toByteArray();
    }
  }
}
