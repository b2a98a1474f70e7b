package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtmpPublishClientTest {
  private ServerSocketChannel listener;
  private SocketChannel clientSide;
  private SocketChannel serverSide;

  @BeforeEach
  void connect() throws IOException {
    listener = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    clientSide = SocketChannel.open(listener.getLocalAddress());
    serverSide = listener.accept();
    clientSide.configureBlocking(false);
  }

  @AfterEach
  void close() throws IOException {
    clientSide.close();
    serverSide.close();
    listener.close();
  }

  /** A video tag of {@code bodyBytes} bytes, chunked as FlvLoop prepares it. */
  private static FlvLoop.Tag videoTag(int bodyBytes, byte fill) {
    ByteBuffer continuation = ByteBuffer.allocate(bodyBytes + bodyBytes / FlvLoop.CHUNK_SIZE);
    for (int at = 0; at < bodyBytes; at += FlvLoop.CHUNK_SIZE) {
      if (at > 0) {
        continuation.put((byte) (0xC0 | FlvLoop.CSID_VIDEO));
      }
      for (int i = at; i < Math.min(bodyBytes, at + FlvLoop.CHUNK_SIZE); i++) {
        continuation.put(fill);
      }
    }
    continuation.flip();
    return new FlvLoop.Tag(9, FlvLoop.CSID_VIDEO, 0, bodyBytes, continuation.asReadOnlyBuffer(),
        false);
  }

  private ByteBuffer readExactly(int n) throws IOException {
    ByteBuffer got = ByteBuffer.allocate(n);
    while (got.hasRemaining()) {
      if (serverSide.read(got) < 0) {
        break;
      }
    }
    return got.flip();
  }

  @Test
  void theTagsDueGoOutInOneWriteWithAFreshHeaderEach() throws IOException {
    RtmpPublishClient client = new RtmpPublishClient(clientSide);
    FlvLoop.Tag small = videoTag(100, (byte) 1);
    FlvLoop.Tag chunked = videoTag(5000, (byte) 2);

    client.queue(small, 33);
    client.queue(chunked, 66);
    client.queue(small, 0x123456);

    assertThat(client.pendingBytes()).isEqualTo(3 * 12 + 100 + 5001 + 100);
    assertThat(client.flush()).isTrue();
    assertThat(client.writeCalls()).isEqualTo(1);
    assertThat(client.bytesSent()).isEqualTo(3 * 12 + 100 + 5001 + 100);
    assertThat(client.hasPending()).isFalse();

    ByteBuffer wire = readExactly(3 * 12 + 100 + 5001 + 100);
    // fmt 0 header (RTMP 1.0 5.3.1.2.1): csid, timestamp, length, type, stream id (LE)
    assertThat(wire.get(0)).isEqualTo((byte) FlvLoop.CSID_VIDEO);
    assertThat(wire.get(3)).isEqualTo((byte) 33);
    assertThat(((wire.get(5) & 0xFF) << 8) | (wire.get(6) & 0xFF)).isEqualTo(100);
    assertThat(wire.get(7)).isEqualTo((byte) 9);
    assertThat(wire.get(12)).isEqualTo((byte) 1);
    int second = 12 + 100;
    assertThat(((wire.get(second + 5) & 0xFF) << 8) | (wire.get(second + 6) & 0xFF))
        .isEqualTo(5000);
    assertThat(wire.get(second + 12 + 4096)).as("fmt 3 continuation header")
        .isEqualTo((byte) (0xC0 | FlvLoop.CSID_VIDEO));
    int third = second + 12 + 5001;
    assertThat(wire.get(third + 1)).isEqualTo((byte) 0x12);
    assertThat(wire.get(third + 2)).isEqualTo((byte) 0x34);
    assertThat(wire.get(third + 3)).isEqualTo((byte) 0x56);
  }

  @Test
  void aServerThatStopsReadingShowsAsBacklogThenFailsThePublisher() throws IOException {
    RtmpPublishClient client = new RtmpPublishClient(clientSide);
    FlvLoop.Tag tag = videoTag(60_000, (byte) 3);
    long t0 = System.nanoTime();
    int queued = 0;
    while (client.flush(t0)) { // until the socket buffers are full
      client.queue(tag, queued++);
    }
    assertThat(client.hasPending()).isTrue();

    int unread = 0;
    ByteBuffer sink = ByteBuffer.allocate(1 << 20);
    while (client.hasPending()) {
      sink.clear();
      unread += serverSide.read(sink);
      client.flush(t0 + 500_000_000L);
    }
    assertThat(client.maxBacklogNanos(t0 + 600_000_000L)).isEqualTo(500_000_000L);

    assertThatThrownBy(() -> {
      while (true) {
        client.queue(tag, 0);
      }
    }).isInstanceOf(IOException.class).hasMessageContaining("unread");
    assertThat(client.pendingBytes()).isLessThanOrEqualTo(RtmpPublishClient.MAX_OUTBOX_BYTES);
    assertThat(unread).isPositive();
  }
}
