package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Feeds {@code bytes} in pieces of {@code step} bytes, as a socket may deliver them. */
  private static boolean feedInPieces(ResponseParser p, String bytes, int step) throws IOException {
    byte[] all = bytes.getBytes(StandardCharsets.ISO_8859_1);
    boolean done = false;
    for (int at = 0; at < all.length; at += step) {
      ByteBuffer piece = ByteBuffer.wrap(all, at, Math.min(step, all.length - at));
      done = p.feed(piece);
      if (done) {
        assertThat(piece.hasRemaining()).as("bytes after the end").isFalse();
      }
    }
    return done;
  }

  @Test
  void contentLengthBodyIsKeptWhenAskedForWhateverThePieces() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.apple.mpegurl\r\n"
        + "Content-Length: 21\r\n\r\n#EXTM3U\n#EXTINF:2.0,\n";
    for (int step : new int[] {1, 3, 7, 1000}) {
      ResponseParser p = new ResponseParser();
      p.reset(true);

      assertThat(feedInPieces(p, response, step)).as("step %d", step).isTrue();
      assertThat(p.status()).isEqualTo(200);
      assertThat(p.text()).isEqualTo("#EXTM3U\n#EXTINF:2.0,\n");
      assertThat(p.bodyBytes()).isEqualTo(21);
      assertThat(p.closeAfter()).isFalse();
    }
  }

  @Test
  void chunkedBodyIsDecodedAcrossPiecesAndTrailersSkipped() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: a\r\n\r\n";
    for (int step : new int[] {1, 2, 5, 1000}) {
      ResponseParser p = new ResponseParser();
      p.reset(true);

      assertThat(feedInPieces(p, response, step)).as("step %d", step).isTrue();
      assertThat(p.text()).isEqualTo("hello, world");
    }
  }

  @Test
  void segmentBodyIsCountedNotKeptAndTheNextResponseStaysInTheBuffer() throws IOException {
    ResponseParser p = new ResponseParser();
    p.reset(false);
    ByteBuffer in = ascii("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcdHTTP/1.1 404 Not Found");

    assertThat(p.feed(in)).isTrue();
    assertThat(p.bodyBytes()).isEqualTo(4);
    assertThat(p.text()).isEmpty();
    assertThat(in.remaining()).isEqualTo("HTTP/1.1 404 Not Found".length());

    p.reset(false);
    assertThat(p.feed(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))).isTrue();
    assertThat(p.status()).isEqualTo(404);
  }

  @Test
  void bodyWithoutLengthEndsWithTheConnectionAndACutBodyIsAnError() throws IOException {
    ResponseParser toEof = new ResponseParser();
    toEof.reset(true);
    assertThat(toEof.feed(ascii("HTTP/1.0 200 OK\r\n\r\npartial"))).isFalse();
    toEof.endOfInput();
    assertThat(toEof.done()).isTrue();
    assertThat(toEof.text()).isEqualTo("partial");
    assertThat(toEof.closeAfter()).isTrue();

    ResponseParser cut = new ResponseParser();
    cut.reset(false);
    assertThat(cut.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))).isFalse();
    assertThatThrownBy(cut::endOfInput).isInstanceOf(IOException.class)
        .hasMessageContaining("inside a response");

    ResponseParser nothing = new ResponseParser();
    nothing.reset(false);
    assertThatThrownBy(nothing::endOfInput).hasMessageContaining("before a response");
    assertThat(nothing.started()).isFalse();
  }

  @Test
  void lengthsFromTheWireAreBounded() {
    ResponseParser huge = new ResponseParser();
    huge.reset(false);
    assertThatThrownBy(() -> huge.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n")))
        .isInstanceOf(IOException.class).hasMessageContaining("out of bounds");

    ResponseParser chunk = new ResponseParser();
    chunk.reset(false);
    assertThatThrownBy(() -> chunk.feed(ascii(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFF\r\n")))
        .isInstanceOf(IOException.class).hasMessageContaining("bad chunk size");

    ResponseParser line = new ResponseParser();
    line.reset(false);
    assertThatThrownBy(() -> line.feed(ByteBuffer.wrap(new byte[ResponseParser.MAX_LINE_BYTES + 1])))
        .isInstanceOf(IOException.class).hasMessageContaining("line longer");

    ResponseParser garbage = new ResponseParser();
    garbage.reset(false);
    assertThatThrownBy(() -> garbage.feed(ascii("SSH-2.0-OpenSSH\r\n")))
        .isInstanceOf(IOException.class).hasMessageContaining("no HTTP status line");
  }

  @Test
  void aPlaylistBodyOverTheKeptLimitIsRefused() throws IOException {
    ResponseParser p = new ResponseParser();
    p.reset(true);
    int length = ResponseParser.MAX_KEPT_BYTES + 1;
    assertThat(p.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n"))).isFalse();

    assertThatThrownBy(() -> p.feed(ByteBuffer.allocate(length)))
        .isInstanceOf(IOException.class).hasMessageContaining("where a playlist was asked for");
  }
}
