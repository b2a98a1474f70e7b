package io.headwater.ingest.rtmp.handshake;

import io.headwater.ingest.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The server side of the RTMP handshake: reads C0+C1, answers S0+S1+S2, then reads C2.
 * Incremental: {@link #feed} takes any split of bytes and never blocks.
 *
 * <p>Two kinds, chosen by C1: when C1 carries a valid Flash Player 9 digest (see
 * {@link HandshakeDigest}; FFmpeg, librtmp/OBS and Flash send one), the answer is the digest
 * handshake: S1 carries a server digest in the client's scheme and S2 signs the client's digest.
 * Otherwise it is the plain handshake of RTMP 1.0 section 5.2 (S1 version zero, S2 echoes C1).
 * C2 is checked either way: a digest client's C2 must sign S1's digest or echo S1 (FFmpeg and
 * librtmp publishers echo), a plain client's should echo S1; {@link #c2Problem} says when it
 * does neither, which the connection logs but tolerates, since encoders differ here.
 */
public final class Handshake {
  /** C0/S0 version of plain RTMP (section 5.2.2). */
  public static final int RTMP_VERSION = 3;
  /** C0 version of RTMPE (encrypted RTMP), which is refused. */
  public static final int RTMPE_VERSION = 6;
  /** Size of C1, C2, S1 and S2 (section 5.2.3). */
  public static final int PACKET_SIZE = 1536;

  private final RandomGenerator random;
  /** The version field of a digest S1, as FMS 3.5 announces itself. */
  private static final byte[] SERVER_VERSION = {3, 5, 1, 1};

  private final byte[] c1 = new byte[PACKET_SIZE];
  private final byte[] c2 = new byte[PACKET_SIZE];
  private byte[] s1;
  private int c1Filled;
  private int c2Filled;
  private HandshakeDigest.Scheme scheme;
  private String c2Problem;
  private HandshakeState state = HandshakeState.AWAIT_C0_C1;
  private boolean c0Read;

  public Handshake(RandomGenerator random) {
    this.random = random;
  }

  public HandshakeState state() {
    return state;
  }

  public boolean isDone() {
    return state == HandshakeState.DONE;
  }

  /** Whether the client sent a valid digest C1 and got the digest handshake; valid after S1. */
  public boolean isDigest() {
    return scheme != null;
  }

  /** The scheme the client's C1 digest used, or null for the plain handshake. */
  public HandshakeDigest.Scheme scheme() {
    return scheme;
  }

  /** Null when C2 was as expected, else what was wrong with it; valid when done. */
  public String c2Problem() {
    return c2Problem;
  }

  /**
   * Consumes handshake bytes from {@code in} (and no more: chunk-stream bytes after C2 stay in
   * {@code in}). Returns the bytes to send to the client, empty if none yet.
   */
  public byte[] feed(ByteBuffer in) throws RtmpProtocolException {
    if (state == HandshakeState.FAILED) {
      throw new RtmpProtocolException("handshake already failed");
    }
    byte[] reply = new byte[0];
    if (state == HandshakeState.AWAIT_C0_C1) {
      if (!c0Read && in.hasRemaining()) {
        int version = in.get() & 0xFF; // C0: version, section 5.2.2
        c0Read = true;
        if (version != RTMP_VERSION) {
          state = HandshakeState.FAILED;
          throw new RtmpProtocolException(version == RTMPE_VERSION
              ? "C0 version 6 (RTMPE, encrypted RTMP) is not supported"
              : "C0 version " + version + " at offset 0 is not RTMP version 3");
        }
      }
      int n = Math.min(in.remaining(), PACKET_SIZE - c1Filled);
      in.get(c1, c1Filled, n);
      c1Filled += n;
      if (c1Filled == PACKET_SIZE) {
        reply = s0s1s2();
        state = HandshakeState.AWAIT_C2;
      }
    }
    if (state == HandshakeState.AWAIT_C2) {
      int n = Math.min(in.remaining(), PACKET_SIZE - c2Filled);
      in.get(c2, c2Filled, n);
      c2Filled += n;
      if (c2Filled == PACKET_SIZE) {
        c2Problem = checkC2();
        state = HandshakeState.DONE;
      }
    }
    return reply;
  }

  private String checkC2() {
    // Section 5.2.4: C2 echoes S1. Digest clients may instead sign S1's digest.
    if (Arrays.equals(c2, 8, PACKET_SIZE, s1, 8, PACKET_SIZE)) {
      return null;
    }
    if (scheme != null && HandshakeDigest.verifySignature(c2, HandshakeDigest.PLAYER_KEY,
        HandshakeDigest.digestOf(s1, scheme))) {
      return null;
    }
    return scheme != null
        ? "C2 neither signs the S1 digest nor echoes S1"
        : "C2 does not echo S1";
  }

  private byte[] s0s1s2() {
    scheme = (c1[4] | c1[5] | c1[6] | c1[7]) == 0 ? null : HandshakeDigest.findScheme(c1,
        HandshakeDigest.PLAYER_KEY, HandshakeDigest.PLAYER_TEXT_KEY_BYTES);
    // S1 (section 5.2.3): time (4 bytes) = 0, zero (4 bytes) = 0 or, for the digest handshake,
    // the server version; 1528 random bytes, holding the server digest for the digest handshake.
    s1 = new byte[PACKET_SIZE];
    byte[] randomBytes = new byte[PACKET_SIZE - 8];
    random.nextBytes(randomBytes);
    System.arraycopy(randomBytes, 0, s1, 8, randomBytes.length);
    byte[] s2;
    if (scheme == null) {
      s2 = c1; // section 5.2.4: S2 echoes C1
    } else {
      System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
      HandshakeDigest.imprint(s1, scheme, HandshakeDigest.SERVER_KEY,
          HandshakeDigest.SERVER_TEXT_KEY_BYTES);
      s2 = new byte[PACKET_SIZE];
      random.nextBytes(s2);
      HandshakeDigest.sign(s2, HandshakeDigest.SERVER_KEY, HandshakeDigest.digestOf(c1, scheme));
    }
    byte[] out = new byte[1 + 2 * PACKET_SIZE];
    out[0] = RTMP_VERSION; // S0
    System.arraycopy(s1, 0, out, 1, PACKET_SIZE);
    System.arraycopy(s2, 0, out, 1 + PACKET_SIZE, PACKET_SIZE);
    return out;
  }
}
