package io.headwater.ingest.rtmp.amf;

import io.headwater.ingest.rtmp.amf.AmfValue.AmfArray;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfBoolean;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfDate;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfNumber;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF0 values (Adobe AMF0 File Format Specification) with bounded nesting, string length
 * and element counts, so that a hostile peer cannot make it allocate or recurse without limit.
 */
public final class Amf0Reader {
  // AMF0 type markers, AMF0 spec 2.1
  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int MOVIECLIP = 0x04;
  static final int NULL = 0x05;
  static final int UNDEFINED = 0x06;
  static final int REFERENCE = 0x07;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;
  static final int UNSUPPORTED = 0x0D;
  static final int XML_DOCUMENT = 0x0F;
  static final int TYPED_OBJECT = 0x10;
  static final int AVMPLUS = 0x11;

  /** Deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 16;
  /** Most properties or elements accepted in one object or array. */
  public static final int MAX_ELEMENTS = 4096;
  /** Longest string accepted, in bytes. */
  public static final int MAX_STRING_BYTES = 64 * 1024;

  private final ByteReader in;

  public Amf0Reader(ByteReader in) {
    this.in = in;
  }

  public boolean hasMore() {
    return in.hasRemaining();
  }

  /** Reads every remaining value. */
  public List<AmfValue> readAll() throws MalformedMediaException {
    List<AmfValue> values = new ArrayList<>();
    while (in.hasRemaining()) {
      values.add(read());
    }
    return values;
  }

  public AmfValue read() throws MalformedMediaException {
    return read(0);
  }

  private AmfValue read(int depth) throws MalformedMediaException {
    if (depth > MAX_DEPTH) {
      throw new MalformedMediaException("AMF0 nesting deeper than " + MAX_DEPTH
          + " at offset " + in.position());
    }
    int marker = in.readU8("AMF0 type marker");
    switch (marker) {
      case NUMBER:
        return new AmfNumber(in.readDouble("AMF0 number"));
      case BOOLEAN:
        return new AmfBoolean(in.readU8("AMF0 boolean") != 0);
      case STRING:
        return new AmfString(readUtf8(in.readU16("AMF0 string length")));
      case LONG_STRING:
      case XML_DOCUMENT:
        return new AmfString(readUtf8(in.readU32("AMF0 long string length")));
      case OBJECT:
        return new AmfObject(readProperties(depth));
      case TYPED_OBJECT:
        readUtf8(in.readU16("AMF0 typed object class name length"));
        return new AmfObject(readProperties(depth));
      case ECMA_ARRAY:
        // The associative count is a hint only (ffmpeg writes it; some encoders write 0):
        // the properties end with the object-end marker like an object's.
        in.readU32("AMF0 ECMA array count");
        return new AmfObject(readProperties(depth));
      case STRICT_ARRAY: {
        long count = in.readU32("AMF0 strict array count");
        if (count > MAX_ELEMENTS) {
          throw new MalformedMediaException("AMF0 strict array of " + count
              + " elements exceeds " + MAX_ELEMENTS + " at offset " + in.position());
        }
        List<AmfValue> values = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
          values.add(read(depth + 1));
        }
        return new AmfArray(values);
      }
      case DATE: {
        double millis = in.readDouble("AMF0 date");
        int tz = (short) in.readU16("AMF0 date time zone");
        return new AmfDate(millis, tz);
      }
      case NULL:
        return AmfValue.NULL;
      case UNDEFINED:
      case UNSUPPORTED:
        return AmfValue.UNDEFINED;
      default:
        throw new MalformedMediaException("unsupported AMF0 type marker 0x"
            + Integer.toHexString(marker) + " at offset " + (in.position() - 1));
    }
  }

  private Map<String, AmfValue> readProperties(int depth) throws MalformedMediaException {
    Map<String, AmfValue> props = new LinkedHashMap<>();
    while (true) {
      String key = readUtf8(in.readU16("AMF0 property name length"));
      if (key.isEmpty() && in.peekU8("AMF0 object end marker") == OBJECT_END) {
        in.skip(1, "AMF0 object end marker");
        return props;
      }
      if (props.size() >= MAX_ELEMENTS) {
        throw new MalformedMediaException("AMF0 object with more than " + MAX_ELEMENTS
            + " properties at offset " + in.position());
      }
      props.put(key, read(depth + 1));
    }
  }

  private String readUtf8(long length) throws MalformedMediaException {
    if (length > MAX_STRING_BYTES) {
      throw new MalformedMediaException("AMF0 string of " + length + " bytes exceeds "
          + MAX_STRING_BYTES + " at offset " + in.position());
    }
    return new String(in.readBytes((int) length, "AMF0 string"), StandardCharsets.UTF_8);
  }
}
