package io.headwater.origin.http;

/**
 * What a {@code Range} header asks of a representation of known length (RFC 9110 14.1.2, 14.2):
 * the whole representation (no header, a header this origin ignores, or several ranges), one
 * satisfiable byte range, or nothing satisfiable (416).
 */
public sealed interface ByteRange {
  /** Longest decimal number accepted in a range, so that parsing can never overflow a long. */
  int MAX_DIGITS = 18;

  /** Serve the whole representation with 200. */
  record Whole() implements ByteRange {}

  /** Serve bytes {@code first..last} (inclusive) with 206. */
  record Part(long first, long last) implements ByteRange {
    public long length() {
      return last - first + 1;
    }

    /** The Content-Range value (RFC 9110 14.4). */
    public String contentRange(long completeLength) {
      return "bytes " + first + "-" + last + "/" + completeLength;
    }
  }

  /** No range of the set overlaps the representation: 416. */
  record Unsatisfiable() implements ByteRange {}

  /**
   * Resolves {@code header} against a representation of {@code length} bytes. A header with
   * another unit or bad syntax is ignored (RFC 9110 14.2: a server MAY ignore Range; it MUST
   * ignore unknown units); several ranges are answered with the whole representation, which the
   * RFC allows and which avoids multipart responses.
   */
  static ByteRange of(String header, long length) {
    if (header == null) {
      return new Whole();
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Whole();
    }
    String spec = h.substring(6).trim();
    if (spec.contains(",")) {
      return new Whole();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Whole();
    }
    String firstText = spec.substring(0, dash).trim();
    String lastText = spec.substring(dash + 1).trim();
    if (firstText.isEmpty()) {
      // suffix-range: the last N bytes (RFC 9110 14.1.2)
      long suffix = number(lastText);
      if (suffix < 0) {
        return new Whole();
      }
      if (suffix == 0 || length == 0) {
        return new Unsatisfiable();
      }
      return new Part(Math.max(0, length - suffix), length - 1);
    }
    long first = number(firstText);
    if (first < 0) {
      return new Whole();
    }
    long last;
    if (lastText.isEmpty()) {
      last = length - 1;
    } else {
      last = number(lastText);
      if (last < 0 || last < first) {
        return new Whole();  // invalid byte-range-spec: the header is ignored
      }
    }
    if (first >= length) {
      return new Unsatisfiable();
    }
    return new Part(first, Math.min(last, length - 1));
  }

  /** A non-negative decimal of at most {@link #MAX_DIGITS} digits, or -1. */
  private static long number(String text) {
    if (text.isEmpty() || text.length() > MAX_DIGITS) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }
}
