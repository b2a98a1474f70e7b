package io.headwater.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentFile;
import io.headwater.storage.SegmentFiles;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies sent from segment files over real sockets: larger than the socket buffers (so sends
 * wait for writability), several responses on one keep-alive connection, ranges, and a client
 * that leaves mid-body (the file must still close once its object is dropped).
 */
class FileBodySenderTest {
  private static final SegmentKey KEY = new SegmentKey("live/big", "ts/e1-0.ts");
  /** Larger than loopback's largest auto-tuned send buffer (4 MiB), so writes fill it. */
  private static final int SIZE = 12 << 20;

  @TempDir Path dir;
  private SegmentFiles files;
  private InMemorySegmentStore store;
  private Undertow server;
  private int port;
  private byte[] payload;
  private final AtomicReference<SegmentFile> lastFile = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    files = SegmentFiles.open(dir);
    store = new InMemorySegmentStore(Clock.systemUTC(),
        InMemorySegmentStore.DEFAULT_DIRECT_BUDGET_BYTES, files);
    payload = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      payload[i] = (byte) (i * 7 + i / 4096);
    }
    store.put(KEY, payload);
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
      StoredSegment seg = store.get(KEY).orElseThrow();
      SegmentFile file = store.sendableFile(KEY, seg);
      lastFile.set(file);
      Delivery.send(exchange, new Representation(seg.asReadOnlyBuffer(), ContentTypes.MPEG_TS, null,
          "\"ts_e1-0.ts\"", seg.storedAt(), CachePolicy.IMMUTABLE, /* immutable= */ true), file);
    }).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    server.stop();
    files.close();
  }

  /** One response read off a keep-alive socket: status, headers (lower-case names), body. */
  private record Reply(int status, Map<String, String> headers, byte[] body) {}

  private static Reply exchange(Socket socket, String extraHeaders) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /live/big/ts/e1-0.ts HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("response head ended early: %s", head).isNotNegative();
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.get("content-length"));
    byte[] body = in.readNBytes(length);
    assertThat(body).as("whole body").hasSize(length);
    return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  @Test
  void aBodyLargerThanTheSocketBuffersArrivesWholeAndTheConnectionServesOnAfterIt()
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setReceiveBufferSize(16 << 10); // the sender waits for this reader, again and again
      Reply whole = exchange(socket, "");
      assertThat(whole.status()).isEqualTo(200);
      assertThat(whole.headers()).containsEntry("content-type", "video/mp2t")
          .containsEntry("etag", "\"ts_e1-0.ts\"")
          .containsEntry("cache-control", CachePolicy.IMMUTABLE);
      assertThat(whole.body()).isEqualTo(payload);

      Reply range = exchange(socket, "Range: bytes=5000000-5999999\r\n");
      assertThat(range.status()).isEqualTo(206);
      assertThat(range.headers()).containsEntry("content-range",
          "bytes 5000000-5999999/" + SIZE);
      assertThat(range.body()).isEqualTo(Arrays.copyOfRange(payload, 5_000_000, 6_000_000));

      Reply small = exchange(socket, "Range: bytes=-10\r\n");
      assertThat(small.body()).as("a range within the bytes sent with the head")
          .isEqualTo(Arrays.copyOfRange(payload, SIZE - 10, SIZE));
      Reply again = exchange(socket, "");
      assertThat(again.body()).isEqualTo(payload);
    }
    assertThat(lastFile.get()).as("the store made a file").isNotNull();
  }

  @Test
  void aClientLeavingMidBodyDoesNotKeepTheFileOpenAfterItsObjectIsDropped() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setReceiveBufferSize(16 << 10);
      socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: test\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      byte[] some = socket.getInputStream().readNBytes(100_000);
      assertThat(some).hasSize(100_000);
    } // closed with most of the body unsent
    SegmentFile file = lastFile.get();
    assertThat(file).isNotNull();

    store.remove(KEY);

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (file.isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling: the server notices the reset on its next write
    }
    assertThat(file.isOpen()).as("closed once the abandoned send ended").isFalse();
    assertThat(file.path()).doesNotExist();
  }
}
