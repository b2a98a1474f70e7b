package io.headwater.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1.1 response at a time from whatever a non-blocking socket delivered (RFC 9112):
 * the status line (4), the header fields (5), then a body framed by Content-Length, the chunked
 * transfer coding (7.1) or the end of the connection (6.3). A body is kept only when asked for
 * (a playlist, up to {@link #MAX_KEPT_BYTES}); otherwise its bytes are counted and dropped, so a
 * viewer reading segments allocates nothing per response. Every length from the wire is bounded.
 * Not thread-safe: one per connection.
 */
final class ResponseParser {
  /** Longest status or header line accepted. */
  static final int MAX_LINE_BYTES = 16 * 1024;
  /** Largest body accepted: a long segment at a high bit rate. */
  static final long MAX_BODY_BYTES = 64L << 20;
  /** Largest body kept in memory (playlists). */
  static final int MAX_KEPT_BYTES = 1 << 20;

  private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_EOF,
    DONE }

  private final byte[] line = new byte[MAX_LINE_BYTES];
  private int lineLength;
  private boolean lineComplete;
  private State state = State.DONE;
  private boolean keepBody;
  private byte[] kept = new byte[0];
  private int keptLength;
  private int status;
  private long contentLength;
  private boolean chunked;
  private boolean closeAfter;
  private long remaining;
  private long bodyBytes;
  private boolean started;

  /** Gets ready for the next response; its body is kept when {@code keep} is true. */
  void reset(boolean keep) {
    state = State.STATUS;
    keepBody = keep;
    keptLength = 0;
    lineLength = 0;
    lineComplete = false;
    status = 0;
    contentLength = -1;
    chunked = false;
    closeAfter = false;
    remaining = 0;
    bodyBytes = 0;
    started = false;
  }

  /** The status code, once the status line was read. */
  int status() {
    return status;
  }

  /** Whether any byte of this response arrived. */
  boolean started() {
    return started;
  }

  /** Whether the response is complete. */
  boolean done() {
    return state == State.DONE;
  }

  /** Whether the server asked to close the connection after this response (RFC 9112 9.6). */
  boolean closeAfter() {
    return closeAfter;
  }

  /** Body bytes read so far (after removing the chunked coding). */
  long bodyBytes() {
    return bodyBytes;
  }

  /** The kept body as text. */
  String text() {
    return new String(kept, 0, keptLength, StandardCharsets.UTF_8);
  }

  /**
   * Consumes bytes of {@code in} up to the end of the response; returns whether it is complete.
   * Bytes after the end stay in {@code in}.
   *
   * @throws IOException when the response is malformed or exceeds a bound
   */
  boolean feed(ByteBuffer in) throws IOException {
    if (in.hasRemaining()) {
      started = true;
    }
    while (state != State.DONE && in.hasRemaining()) {
      switch (state) {
        case STATUS -> {
          if (readLine(in)) {
            parseStatus(lineText());
            state = State.HEADERS;
          }
        }
        case HEADERS -> {
          if (readLine(in)) {
            if (lineLength == 0) {
              startBody();
            } else {
              parseHeader(lineText());
            }
          }
        }
        case BODY -> {
          take(in);
          if (remaining == 0) {
            state = State.DONE;
          }
        }
        case CHUNK_SIZE -> {
          if (readLine(in)) {
            long size = chunkSize(lineText());
            if (size == 0) {
              state = State.TRAILERS;
            } else {
              remaining = size;
              state = State.CHUNK_DATA;
            }
          }
        }
        case CHUNK_DATA -> {
          take(in);
          if (remaining == 0) {
            state = State.CHUNK_END;
          }
        }
        case CHUNK_END -> {
          if (readLine(in)) {
            if (lineLength != 0) {
              throw new IOException("chunk data longer than its size");
            }
            state = State.CHUNK_SIZE;
          }
        }
        case TRAILERS -> {
          if (readLine(in) && lineLength == 0) {
            state = State.DONE; // trailer fields (7.1.2) are skipped
          }
        }
        case TO_EOF -> {
          remaining = Long.MAX_VALUE;
          take(in);
        }
        default -> throw new IllegalStateException(state.toString());
      }
    }
    return state == State.DONE;
  }

  /**
   * The server closed the connection: completes a body that runs to the end of the connection;
   * otherwise the response was cut.
   *
   * @throws IOException when the response is incomplete
   */
  void endOfInput() throws IOException {
    if (state == State.TO_EOF) {
      state = State.DONE;
      closeAfter = true;
      return;
    }
    if (state != State.DONE) {
      throw new IOException(started ? "connection closed inside a response (" + state + ")"
          : "connection closed before a response");
    }
  }

  private void parseStatus(String text) throws IOException {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (4)
    if (!text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
      throw new IOException("no HTTP status line: " + abbreviate(text));
    }
    try {
      status = Integer.parseInt(text.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("bad status code: " + abbreviate(text), e);
    }
    if (text.startsWith("HTTP/1.0")) {
      closeAfter = true; // no persistent connection by default in HTTP/1.0 (9.3)
    }
  }

  private void parseHeader(String text) throws IOException {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IOException("bad header field: " + abbreviate(text));
    }
    String name = text.substring(0, colon).trim();
    String value = text.substring(colon + 1).trim();
    if (name.equalsIgnoreCase("Content-Length")) {
      try {
        contentLength = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + abbreviate(value), e);
      }
      if (contentLength < 0 || contentLength > MAX_BODY_BYTES) {
        throw new IOException("Content-Length " + contentLength + " out of bounds");
      }
    } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
      chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
    } else if (name.equalsIgnoreCase("Connection")) {
      closeAfter = value.equalsIgnoreCase("close");
    }
  }

  private void startBody() {
    if (status / 100 == 1 || status == 204 || status == 304) {
      state = State.DONE; // no content (6.3, rule 1)
    } else if (chunked) {
      state = State.CHUNK_SIZE; // chunked wins over Content-Length (6.3, rule 3)
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = remaining == 0 ? State.DONE : State.BODY;
    } else {
      state = State.TO_EOF;
    }
  }

  private long chunkSize(String text) throws IOException {
    int semi = text.indexOf(';'); // chunk extensions (7.1.1) are skipped
    String hex = (semi < 0 ? text : text.substring(0, semi)).trim();
    if (hex.isEmpty() || hex.length() > 8) {
      throw new IOException("bad chunk size: " + abbreviate(text));
    }
    long size;
    try {
      size = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("bad chunk size: " + abbreviate(text), e);
    }
    if (bodyBytes + size > MAX_BODY_BYTES) {
      throw new IOException("chunked body over " + MAX_BODY_BYTES + " bytes");
    }
    return size;
  }

  /** Consumes up to {@code remaining} body bytes, keeping them when asked for. */
  private void take(ByteBuffer in) throws IOException {
    int n = (int) Math.min(remaining, in.remaining());
    if (keepBody) {
      if (keptLength + n > MAX_KEPT_BYTES) {
        throw new IOException("body over " + MAX_KEPT_BYTES + " bytes where a playlist was asked for");
      }
      if (keptLength + n > kept.length) {
        kept = Arrays.copyOf(kept, Math.min(MAX_KEPT_BYTES, Math.max(keptLength + n,
            2 * kept.length + 4096)));
      }
      in.get(kept, keptLength, n);
      keptLength += n;
    } else {
      in.position(in.position() + n);
    }
    if (state == State.TO_EOF && bodyBytes + n > MAX_BODY_BYTES) {
      throw new IOException("body over " + MAX_BODY_BYTES + " bytes");
    }
    remaining -= n;
    bodyBytes += n;
  }

  /** Reads up to the end of a line; true with the line (without CR LF) in {@code line}. */
  private boolean readLine(ByteBuffer in) throws IOException {
    if (lineComplete) {
      lineLength = 0;
      lineComplete = false;
    }
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        lineComplete = true;
        return true;
      }
      if (lineLength == MAX_LINE_BYTES) {
        throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line[lineLength++] = b;
    }
    return false;
  }

  /** The line just read. */
  private String lineText() {
    return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
