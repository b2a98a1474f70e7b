package io.headwater.ingest.rtmp.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.rtmp.handshake.HandshakeDigest.Scheme;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The digest handshake from the client's side: what librtmp and FFmpeg check of our answer. */
class HandshakeDigestTest {
  private static byte[] digestC1(Scheme scheme, long seed) {
    byte[] c1 = new byte[Handshake.PACKET_SIZE];
    new Random(seed).nextBytes(c1);
    c1[0] = c1[1] = c1[2] = c1[3] = 0; // time
    c1[4] = 9; // version 9.0.124.2, as FFmpeg sends
    c1[5] = 0;
    c1[6] = 124;
    c1[7] = 2;
    HandshakeDigest.imprint(c1, scheme, HandshakeDigest.PLAYER_KEY,
        HandshakeDigest.PLAYER_TEXT_KEY_BYTES);
    return c1;
  }

  private static byte[] feedC0C1(Handshake h, byte[] c1) throws Exception {
    byte[] c0c1 = new byte[1 + c1.length];
    c0c1[0] = 3;
    System.arraycopy(c1, 0, c0c1, 1, c1.length);
    return h.feed(ByteBuffer.wrap(c0c1));
  }

  @ParameterizedTest
  @EnumSource(Scheme.class)
  void digestC1GetsASignedS1AndAnS2ThatSignsTheClientDigest(Scheme scheme) throws Exception {
    Handshake h = new Handshake(new Random(2));
    byte[] c1 = digestC1(scheme, 7);
    byte[] reply = feedC0C1(h, c1);

    assertThat(h.isDigest()).isTrue();
    assertThat(h.scheme()).isEqualTo(scheme);
    byte[] s1 = Arrays.copyOfRange(reply, 1, 1 + Handshake.PACKET_SIZE);
    byte[] s2 = Arrays.copyOfRange(reply, 1 + Handshake.PACKET_SIZE, reply.length);
    assertThat(Arrays.copyOfRange(s1, 4, 8)).as("S1 version non-zero").isNotEqualTo(new byte[4]);
    assertThat(HandshakeDigest.findScheme(s1, HandshakeDigest.SERVER_KEY,
        HandshakeDigest.SERVER_TEXT_KEY_BYTES)).as("S1 digest under the FMS key").isEqualTo(scheme);
    assertThat(HandshakeDigest.verifySignature(s2, HandshakeDigest.SERVER_KEY,
        HandshakeDigest.digestOf(c1, scheme))).as("S2 signs the C1 digest").isTrue();

    byte[] c2 = new byte[Handshake.PACKET_SIZE];
    new Random(3).nextBytes(c2);
    HandshakeDigest.sign(c2, HandshakeDigest.PLAYER_KEY, HandshakeDigest.digestOf(s1, scheme));
    h.feed(ByteBuffer.wrap(c2));
    assertThat(h.isDone()).isTrue();
    assertThat(h.c2Problem()).isNull();
  }

  @Test
  void digestClientEchoingS1AsFfmpegPublishersDoIsAccepted() throws Exception {
    Handshake h = new Handshake(new Random(2));
    byte[] reply = feedC0C1(h, digestC1(Scheme.SCHEME_0, 8));
    h.feed(ByteBuffer.wrap(reply, 1, Handshake.PACKET_SIZE));
    assertThat(h.isDone()).isTrue();
    assertThat(h.c2Problem()).isNull();
  }

  @Test
  void digestClientWithAGarbageC2IsReported() throws Exception {
    Handshake h = new Handshake(new Random(2));
    feedC0C1(h, digestC1(Scheme.SCHEME_1, 9));
    h.feed(ByteBuffer.wrap(new byte[Handshake.PACKET_SIZE]));
    assertThat(h.isDone()).isTrue();
    assertThat(h.c2Problem()).contains("neither signs the S1 digest nor echoes S1");
  }

  @Test
  void nonZeroVersionWithoutAValidDigestFallsBackToThePlainHandshake() throws Exception {
    Handshake h = new Handshake(new Random(2));
    byte[] c1 = digestC1(Scheme.SCHEME_1, 10);
    c1[1000] ^= 1; // breaks whichever digest covers it
    c1[100] ^= 1;
    byte[] reply = feedC0C1(h, c1);
    assertThat(h.isDigest()).isFalse();
    assertThat(Arrays.copyOfRange(reply, 5, 9)).as("plain S1 version zero").containsOnly(0);
    assertThat(Arrays.copyOfRange(reply, 1 + Handshake.PACKET_SIZE, reply.length))
        .as("plain S2 echoes C1").isEqualTo(c1);
  }
}
