package io.headwater.ingest.rtmp.amf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An AMF0 value (Adobe AMF0 specification, section 2). */
public sealed interface AmfValue {
  /** AMF0 number: an IEEE 754 double. */
  record AmfNumber(double value) implements AmfValue {}

  /** AMF0 boolean. */
  record AmfBoolean(boolean value) implements AmfValue {}

  /** AMF0 string or long string. */
  record AmfString(String value) implements AmfValue {}

  /** AMF0 null. */
  record AmfNull() implements AmfValue {}

  /** AMF0 undefined. */
  record AmfUndefined() implements AmfValue {}

  /** AMF0 object, ECMA array (ffmpeg's {@code onMetaData}) or typed object; keys in wire order. */
  record AmfObject(Map<String, AmfValue> properties) implements AmfValue {
    public AmfObject {
      properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public AmfValue get(String key) {
      return properties.get(key);
    }

    /** The string property {@code key}, or null when absent or not a string. */
    public String string(String key) {
      return properties.get(key) instanceof AmfString s ? s.value() : null;
    }

    /** The number property {@code key}, or NaN when absent or not a number. */
    public double number(String key) {
      return properties.get(key) instanceof AmfNumber n ? n.value() : Double.NaN;
    }
  }

  /** AMF0 strict array. */
  record AmfArray(List<AmfValue> values) implements AmfValue {
    public AmfArray {
      values = List.copyOf(values);
    }
  }

  /** AMF0 date: milliseconds since the epoch and a time-zone offset (ignored by spec). */
  record AmfDate(double epochMillis, int timeZone) implements AmfValue {}

  AmfNull NULL = new AmfNull();
  AmfUndefined UNDEFINED = new AmfUndefined();

  static AmfString string(String s) {
    return new AmfString(s);
  }

  static AmfNumber number(double d) {
    return new AmfNumber(d);
  }

  static AmfBoolean bool(boolean b) {
    return new AmfBoolean(b);
  }

  /** An object from alternating keys and values: {@code object("level", string("status"))}. */
  static AmfObject object(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("odd number of keys and values");
    }
    Map<String, AmfValue> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (AmfValue) keysAndValues[i + 1]);
    }
    return new AmfObject(map);
  }
}
