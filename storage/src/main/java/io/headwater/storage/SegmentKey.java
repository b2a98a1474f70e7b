package io.headwater.storage;

import java.util.Objects;

/**
 * Where one media object lives: the stream ({@code "app/stream"}) and the object's path relative
 * to the stream's base URL (e.g. {@code "ts/k3x9a-12.ts"}, see {@code SegmentNames}). Both parts
 * are validated here, before they can touch a file path or a URL: only {@code [A-Za-z0-9._-]}
 * and {@code '/'} separators, no empty, {@code "."} or {@code ".."} component, no leading or
 * trailing {@code '/'}.
 *
 * @param stream the RTMP application and stream name, exactly two components
 * @param name the relative path of the object within the stream
 */
public record SegmentKey(String stream, String name) {
  private static final int MAX_LENGTH = 255;

  public SegmentKey {
    validateStream(stream);
    validatePath("name", name);
  }

  /**
   * Checks a stream id ({@code "app/stream"}) with the rules of this key.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String validateStream(String stream) {
    validatePath("stream", stream);
    int slash = stream.indexOf('/');
    if (slash < 0 || stream.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("stream '" + stream + "' is not of the form app/stream");
    }
    return stream;
  }

  private static void validatePath(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(what + " length " + value.length()
          + " is outside 1.." + MAX_LENGTH);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == '/';
      if (!allowed) {
        throw new IllegalArgumentException(what + " '" + printable(value)
            + "' has a forbidden character at index " + i);
      }
    }
    // split with limit -1 keeps empty leading/trailing components, so "/abs", "a/", "a//b" fail
    for (String component : value.split("/", -1)) {
      if (component.isEmpty() || component.equals(".") || component.equals("..")) {
        throw new IllegalArgumentException(what + " '" + value
            + "' has an empty, '.' or '..' path component");
      }
    }
  }

  private static String printable(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return stream + "/" + name;
  }
}
