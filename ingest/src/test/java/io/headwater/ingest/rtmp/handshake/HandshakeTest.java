package io.headwater.ingest.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static byte[] c0c1() {
    byte[] b = new byte[1 + 1536];
    b[0] = 3;
    for (int i = 1; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  @Test
  void answersS0S1S2EchoingC1ThenWaitsForC2() throws Exception {
    Handshake h = new Handshake(new Random(1));
    byte[] c0c1 = c0c1();
    byte[] reply = new byte[0];
    for (int i = 0; i < c0c1.length; i++) { // one byte at a time
      byte[] r = h.feed(ByteBuffer.wrap(c0c1, i, 1));
      if (r.length > 0) {
        reply = r;
      }
    }
    assertThat(reply).hasSize(1 + 2 * 1536);
    assertThat(reply[0]).isEqualTo((byte) 3); // S0
    assertThat(Arrays.copyOfRange(reply, 1, 9)).containsOnly(0); // S1 time and zero fields
    assertThat(Arrays.copyOfRange(reply, 1537, 3073))
        .isEqualTo(Arrays.copyOfRange(c0c1, 1, 1537)); // S2 echoes C1
    assertThat(h.state()).isEqualTo(HandshakeState.AWAIT_C2);

    byte[] c2AndChunk = new byte[1536 + 3];
    ByteBuffer in = ByteBuffer.wrap(c2AndChunk);
    assertThat(h.feed(in)).isEmpty();
    assertThat(h.isDone()).isTrue();
    assertThat(in.remaining()).as("chunk bytes after C2 left for the decoder").isEqualTo(3);
  }

  @Test
  void refusesOtherVersions() {
    Handshake h = new Handshake(new Random(1));
    assertThatThrownBy(() -> h.feed(ByteBuffer.wrap("GET /".getBytes())))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("C0 version 71");
    assertThat(h.state()).isEqualTo(HandshakeState.FAILED);
  }

  @Test
  void refusesRtmpe() {
    Handshake h = new Handshake(new Random(1));
    assertThatThrownBy(() -> h.feed(ByteBuffer.wrap(new byte[] {6})))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("RTMPE");
  }
}
