package io.headwater.ingest.rtmp.amf;

import io.headwater.ingest.rtmp.amf.AmfValue.AmfArray;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfBoolean;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfDate;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfNull;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfNumber;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfObject;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfString;
import io.headwater.ingest.rtmp.amf.AmfValue.AmfUndefined;
import io.headwater.packager.io.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes AMF0 values; objects are written as AMF0 objects (marker 0x03). */
public final class Amf0Writer {
  private Amf0Writer() {}

  /** Encodes the values one after another, as in an RTMP command message body. */
  public static byte[] encode(AmfValue... values) {
    ByteWriter out = new ByteWriter();
    for (AmfValue v : values) {
      write(out, v);
    }
    return out.toByteArray();
  }

  public static void write(ByteWriter out, AmfValue value) {
    if (value instanceof AmfNumber n) {
      out.u8(Amf0Reader.NUMBER).u64(Double.doubleToLongBits(n.value()));
    } else if (value instanceof AmfBoolean b) {
      out.u8(Amf0Reader.BOOLEAN).u8(b.value() ? 1 : 0);
    } else if (value instanceof AmfString s) {
      byte[] utf8 = s.value().getBytes(StandardCharsets.UTF_8);
      if (utf8.length > 0xFFFF) {
        out.u8(Amf0Reader.LONG_STRING).u32(utf8.length).bytes(utf8);
      } else {
        out.u8(Amf0Reader.STRING).u16(utf8.length).bytes(utf8);
      }
    } else if (value instanceof AmfObject o) {
      out.u8(Amf0Reader.OBJECT);
      for (Map.Entry<String, AmfValue> e : o.properties().entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.u16(key.length).bytes(key);
        write(out, e.getValue());
      }
      out.u16(0).u8(Amf0Reader.OBJECT_END);
    } else if (value instanceof AmfArray a) {
      out.u8(Amf0Reader.STRICT_ARRAY).u32(a.values().size());
      for (AmfValue v : a.values()) {
        write(out, v);
      }
    } else if (value instanceof AmfDate d) {
      out.u8(Amf0Reader.DATE).u64(Double.doubleToLongBits(d.epochMillis())).u16(d.timeZone());
    } else if (value instanceof AmfNull) {
      out.u8(Amf0Reader.NULL);
    } else if (value instanceof AmfUndefined) {
      out.u8(Amf0Reader.UNDEFINED);
    } else {
      throw new IllegalArgumentException("unknown AMF value " + value);
    }
  }
}
