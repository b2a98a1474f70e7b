package io.headwater.origin.ops;

import io.headwater.packager.codec.h264.AvcDecoderConfigurationRecord;
import io.headwater.packager.codec.h264.SpsInfo;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.ColorUtil;
import org.jcodec.scale.Transform;

/**
 * Decodes one H.264 keyframe from FLV video tag bodies into a JPEG with JCodec, into a picture
 * buffer sized from the stream's SPS (coded size in whole macroblocks).
 */
final class KeyframeDecoder {
  /**
   * Largest picture decoded, in macroblocks: MaxFS of level 5.1 (ITU-T H.264 Table A-1), e.g.
   * 4096x2304 or 3840x2160. Larger pictures get no thumbnail rather than a buffer of that size.
   */
  static final int MAX_FRAME_MACROBLOCKS = 36_864;

  private KeyframeDecoder() {}

  /**
   * @param configTag the AVC sequence header tag body (AVCDecoderConfigurationRecord at 5)
   * @param keyframeTag a keyframe's tag body (length-prefixed NAL units at 5)
   */
  static byte[] toJpeg(byte[] configTag, byte[] keyframeTag) throws IOException {
    AvcConfig avc = config(configTag);
    int nalLengthSize = avc.nalLengthSize();
    List<ByteBuffer> nals = new ArrayList<>();
    avc.sps().forEach(n -> nals.add(ByteBuffer.wrap(n)));
    avc.pps().forEach(n -> nals.add(ByteBuffer.wrap(n)));
    ByteBuffer frame = ByteBuffer.wrap(keyframeTag, 5, keyframeTag.length - 5);
    while (frame.remaining() > nalLengthSize) {
      int len = 0;
      for (int i = 0; i < nalLengthSize; i++) {
        len = (len << 8) | (frame.get() & 0xff);
      }
      nals.add(slice(frame, len));
    }
    H264Decoder decoder = new H264Decoder();
    Picture buffer = pictureBuffer(avc.sps().get(0));
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

  /** The AVCDecoderConfigurationRecord after the 5-byte FLV video tag header, bounds-checked. */
  private static AvcConfig config(byte[] configTag) throws IOException {
    if (configTag.length <= 5) {
      throw new IOException("AVC sequence header of " + configTag.length + " bytes is empty");
    }
    try {
      return AvcDecoderConfigurationRecord.parse(
          Arrays.copyOfRange(configTag, 5, configTag.length));
    } catch (MalformedMediaException e) {
      throw new IOException("bad AVC sequence header: " + e.getMessage(), e);
    }
  }

  /**
   * A 4:2:0 buffer of the coded picture size: PicWidthInMbs x FrameHeightInMbs macroblocks of
   * 16x16 luma samples (ITU-T H.264 7.4.2.1.1), which is what JCodec decodes into before
   * cropping. The SPS was checked by {@link SpsInfo} (at most 1055 macroblocks a side) when the
   * record was parsed; JCodec reads it again for the macroblock counts it will use.
   */
  private static Picture pictureBuffer(byte[] spsNal) throws IOException {
    SpsInfo checked;
    try {
      checked = SpsInfo.parse(spsNal);
    } catch (MalformedMediaException e) {
      throw new IOException("bad SPS: " + e.getMessage(), e);
    }
    // Skip the one-byte NAL unit header (7.3.1); H264Utils.readSPS removes emulation prevention.
    SeqParameterSet sps = H264Utils.readSPS(ByteBuffer.wrap(spsNal, 1, spsNal.length - 1));
    int widthMbs = sps.picWidthInMbsMinus1 + 1;
    int heightMbs = SeqParameterSet.getPicHeightInMbs(sps);
    if (widthMbs * 16 < checked.width() || heightMbs * 16 < checked.height()) {
      throw new IOException("SPS of " + checked.width() + "x" + checked.height()
          + " read by JCodec as " + widthMbs + "x" + heightMbs + " macroblocks");
    }
    if ((long) widthMbs * heightMbs > MAX_FRAME_MACROBLOCKS) {
      throw new IOException("picture of " + checked.width() + "x" + checked.height()
          + " is too large for a thumbnail (at most " + MAX_FRAME_MACROBLOCKS
          + " macroblocks)");
    }
    return Picture.create(widthMbs * 16, heightMbs * 16, ColorSpace.YUV420J);
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
