package io.headwater.origin.ops;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;

/** Decodes one H.264 keyframe from FLV video tag bodies into a JPEG with JCodec. */
final class KeyframeDecoder {
  private static final int MAX_DIMENSION = 4096;

  private KeyframeDecoder() {}

  /**
   * @param configTag the AVC sequence header tag body (AVCDecoderConfigurationRecord at 5)
   * @param keyframeTag a keyframe's tag body (length-prefixed NAL units at 5)
   */
  static byte[] toJpeg(byte[] configTag, byte[] keyframeTag) throws IOException {
    ByteBuffer cfg = ByteBuffer.wrap(configTag, 5, configTag.length - 5);
    // ISO/IEC 14496-15 5.3.3.1 AVCDecoderConfigurationRecord
    cfg.position(cfg.position() + 4); // version, profile, compatibility, level
    int nalLengthSize = (cfg.get() & 0x03) + 1;
    List<ByteBuffer> sps = new ArrayList<>();
    int numSps = cfg.get() & 0x1f;
    for (int i = 0; i < numSps; i++) {
      sps.add(slice(cfg, cfg.getShort() & 0xffff));
    }
    List<ByteBuffer> pps = new ArrayList<>();
    int numPps = cfg.get() & 0xff;
    for (int i = 0; i < numPps; i++) {
      pps.add(slice(cfg, cfg.getShort() & 0xffff));
    }
    List<ByteBuffer> nals = new ArrayList<>(sps);
    nals.addAll(pps);
    ByteBuffer frame = ByteBuffer.wrap(keyframeTag, 5, keyframeTag.length - 5);
    while (frame.remaining() > nalLengthSize) {
      int len = 0;
      for (int i = 0; i < nalLengthSize; i++) {
        len = (len << 8) | (frame.get() & 0xff);
      }
      nals.add(slice(frame, len));
    }
    H264Decoder decoder = new H264Decoder();
    Picture buffer = Picture.create(MAX_DIMENSION, MAX_DIMENSION, ColorSpace.YUV420J);
    Picture yuv = decoder.decodeFrameFromNals(nals, buffer.getData());
    if (yuv == null) {
      throw new IOException("JCodec returned no picture");
    }
    Picture cropped = yuv.getCrop() == null ? yuv : yuv.cropped();
    Picture rgb = Picture.create(cropped.getWidth(), cropped.getHeight(), ColorSpace.RGB);
    Transform t = ColorUtil.getTransform(cropped.getColor(), ColorSpace.RGB);
    t.transform(cropped, rgb);
    BufferedImage img = new BufferedImage(rgb.getWidth(), rgb.getHeight(),
        BufferedImage.TYPE_3BYTE_BGR);
    byte[] src = rgb.getPlaneData(0);
    int[] px = new int[rgb.getWidth() * rgb.getHeight()];
    for (int i = 0; i < px.length; i++) {
      int r = src[3 * i] + 128;
      int g = src[3 * i + 1] + 128;
      int b = src[3 * i + 2] + 128;
      px[i] = (r << 16) | (g << 8) | b;
    }
    img.setRGB(0, 0, rgb.getWidth(), rgb.getHeight(), px, 0, rgb.getWidth());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(img, "jpg", out)) {
      throw new IOException("no JPEG writer");
    }
    return out.toByteArray();
  }

  private static ByteBuffer slice(ByteBuffer b, int len) throws IOException {
    if (len < 0 || len > b.remaining()) {
      throw new IOException("NAL unit length " + len + " past the end (" + b.remaining() + ")");
    }
    ByteBuffer s = b.slice();
    s.limit(len);
    b.position(b.position() + len);
    return s;
  }
}
