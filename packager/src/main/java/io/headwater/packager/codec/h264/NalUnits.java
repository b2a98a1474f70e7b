package io.headwater.packager.codec.h264;

import io.headwater.packager.io.MalformedMediaException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 NAL unit types and helpers for AVCC samples (ISO/IEC 14496-15 5.3.2: each NAL unit is
 * preceded by a big-endian length of {@code lengthSize} bytes, 1, 2 or 4).
 */
public final class NalUnits {
  /** Coded slice of a non-IDR picture (ITU-T H.264 Table 7-1). */
  public static final int TYPE_SLICE = 1;
  /** Coded slice of an IDR picture. */
  public static final int TYPE_IDR = 5;
  /** Supplemental enhancement information. */
  public static final int TYPE_SEI = 6;
  /** Sequence parameter set. */
  public static final int TYPE_SPS = 7;
  /** Picture parameter set. */
  public static final int TYPE_PPS = 8;
  /** Access unit delimiter. */
  public static final int TYPE_AUD = 9;

  /** Receives one NAL unit of a sample: its type and where its bytes lie in the array. */
  @FunctionalInterface
  public interface NalUnitConsumer {
    void accept(int nalType, byte[] data, int offset, int length) throws MalformedMediaException;
  }

  /**
   * Receives one NAL unit of a sample held in a buffer: its type and where its bytes lie, as
   * absolute indices of that buffer (read them with {@code buffer.get(index, ...)}).
   */
  @FunctionalInterface
  public interface BufferNalUnitConsumer {
    void accept(int nalType, ByteBuffer buffer, int index, int length);
  }

  private NalUnits() {}

  /** nal_unit_type: the low 5 bits of the NAL unit header byte (ITU-T H.264 7.3.1). */
  public static int type(int headerByte) {
    return headerByte & 0x1F;
  }

  /**
   * Calls {@code consumer} for each NAL unit of the AVCC bytes {@code data[offset, offset +
   * length)}, in order. Zero-length NAL units are skipped. A length prefix that runs past the end
   * of the sample, or a truncated prefix, is a {@link MalformedMediaException}.
   */
  public static void forEach(byte[] data, int offset, int length, int lengthSize,
      NalUnitConsumer consumer) throws MalformedMediaException {
    checkLengthSize(lengthSize);
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("offset " + offset + " length " + length
          + " outside array of " + data.length);
    }
    int end = offset + length;
    int position = offset;
    while (position < end) {
      if (end - position < lengthSize) {
        throw new MalformedMediaException("truncated NAL unit length prefix: " + lengthSize
            + " bytes needed at sample offset " + (position - offset) + ", "
            + (end - position) + " left");
      }
      long nalLength = 0;
      for (int i = 0; i < lengthSize; i++) {
        nalLength = (nalLength << 8) | (data[position + i] & 0xFF);
      }
      position += lengthSize;
      if (nalLength > end - position) {
        throw new MalformedMediaException("NAL unit length " + nalLength + " at sample offset "
            + (position - lengthSize - offset) + " exceeds the " + (end - position)
            + " bytes left in the sample");
      }
      if (nalLength > 0) {
        consumer.accept(type(data[position]), data, position, (int) nalLength);
      }
      position += (int) nalLength;
    }
  }

  /** {@link #forEach(byte[], int, int, int, NalUnitConsumer)} over a whole array. */
  public static void forEach(byte[] sample, int lengthSize, NalUnitConsumer consumer)
      throws MalformedMediaException {
    forEach(sample, 0, sample.length, lengthSize, consumer);
  }

  /**
   * {@link #forEach(byte[], int, int, int, NalUnitConsumer)} over the remaining bytes of a
   * buffer, read in place with absolute gets (read-only buffers too; position unchanged), so a
   * sample is walked without copying it.
   */
  public static void forEach(ByteBuffer sample, int lengthSize, BufferNalUnitConsumer consumer)
      throws MalformedMediaException {
    checkLengthSize(lengthSize);
    int start = sample.position();
    int end = sample.limit();
    int position = start;
    while (position < end) {
      if (end - position < lengthSize) {
        throw new MalformedMediaException("truncated NAL unit length prefix: " + lengthSize
            + " bytes needed at sample offset " + (position - start) + ", "
            + (end - position) + " left");
      }
      long nalLength = 0;
      for (int i = 0; i < lengthSize; i++) {
        nalLength = (nalLength << 8) | (sample.get(position + i) & 0xFF);
      }
      position += lengthSize;
      if (nalLength > end - position) {
        throw new MalformedMediaException("NAL unit length " + nalLength + " at sample offset "
            + (position - lengthSize - start) + " exceeds the " + (end - position)
            + " bytes left in the sample");
      }
      if (nalLength > 0) {
        consumer.accept(type(sample.get(position)), sample, position, (int) nalLength);
      }
      position += (int) nalLength;
    }
  }

  /** The NAL units of an AVCC sample, without length prefixes, as read-only views. */
  public static List<ByteBuffer> split(byte[] sample, int lengthSize)
      throws MalformedMediaException {
    List<ByteBuffer> units = new ArrayList<>();
    forEach(sample, lengthSize,
        (type, data, offset, length) ->
            units.add(ByteBuffer.wrap(data, offset, length).slice().asReadOnlyBuffer()));
    return units;
  }

  /** The NAL units of an AVCC sample held in a buffer (its remaining bytes; position unchanged). */
  public static List<ByteBuffer> split(ByteBuffer sample, int lengthSize)
      throws MalformedMediaException {
    return split(toArray(sample), lengthSize);
  }

  /** The nal_unit_type of every NAL unit of an AVCC sample, in order. */
  public static List<Integer> types(byte[] sample, int lengthSize)
      throws MalformedMediaException {
    List<Integer> types = new ArrayList<>();
    forEach(sample, lengthSize, (type, data, offset, length) -> types.add(type));
    return types;
  }

  /** Whether the AVCC sample holds a slice of an IDR picture (nal_unit_type 5). */
  public static boolean isIdr(byte[] sample, int lengthSize) throws MalformedMediaException {
    boolean[] idr = {false};
    forEach(sample, lengthSize, (type, data, offset, length) -> {
      if (type == TYPE_IDR) {
        idr[0] = true;
      }
    });
    return idr[0];
  }

  /** {@link #isIdr(byte[], int)} for the remaining bytes of a buffer (position unchanged). */
  public static boolean isIdr(ByteBuffer sample, int lengthSize) throws MalformedMediaException {
    return isIdr(toArray(sample), lengthSize);
  }

  /**
   * The RBSP of a NAL unit: its bytes with every emulation_prevention_three_byte removed (ITU-T
   * H.264 7.3.1 and 7.4.1: a 0x03 that follows two zero bytes inside the NAL unit).
   */
  public static byte[] unescapeRbsp(byte[] nal, int offset, int length) {
    byte[] out = new byte[length];
    int size = 0;
    int zeros = 0;
    for (int i = offset; i < offset + length; i++) {
      int b = nal[i] & 0xFF;
      if (zeros >= 2 && b == 0x03) {
        zeros = 0; // emulation_prevention_three_byte: dropped
        continue;
      }
      zeros = b == 0 ? zeros + 1 : 0;
      out[size++] = (byte) b;
    }
    return size == length ? out : Arrays.copyOf(out, size);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static void checkLengthSize(int lengthSize) {
    if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
      throw new IllegalArgumentException("NAL length size " + lengthSize);
    }
  }
}
