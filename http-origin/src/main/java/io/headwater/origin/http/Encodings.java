package io.headwater.origin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Content codings of manifests: whether a request accepts gzip, and gzip itself. Only gzip: the
 * JDK has it, while brotli in Java means JNI (Brotli4j ships a native library per platform;
 * Google's pure-Java artifact only decodes), and gzip already takes a 587-byte playlist to 187
 * bytes: brotli's usual 10-20 % less would be tens of bytes, and CDNs re-encode at their edge.
 */
final class Encodings {
  static final String GZIP = "gzip";

  private Encodings() {}

  /**
   * True when {@code acceptEncoding} allows gzip (RFC 9110 12.5.3): {@code gzip}, {@code x-gzip}
   * or {@code *} with a non-zero weight, and gzip not refused explicitly.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.length() > 1024) {
      return false;
    }
    Boolean gzip = null;
    boolean star = false;
    for (String item : acceptEncoding.split(",")) {
      String[] fields = item.split(";");
      String coding = fields[0].trim().toLowerCase(Locale.ROOT);
      boolean allowed = weight(fields) > 0;
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        gzip = allowed;
      } else if (coding.equals("*")) {
        star = allowed;
      }
    }
    return gzip != null ? gzip : star;
  }

  private static double weight(String[] fields) {
    for (int i = 1; i < fields.length; i++) {
      String p = fields[i].trim();
      if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
        try {
          return Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /** The gzip (RFC 1952) encoding of {@code bytes}. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory failed", e);
    }
    return out.toByteArray();
  }
}
