package io.headwater.ingest.rtmp.handshake;

import io.headwater.ingest.RtmpProtocolException;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The server side of the plain RTMP handshake (RTMP 1.0 section 5.2): reads C0+C1, answers
 * S0+S1+S2 (S2 echoes C1), then reads C2. Incremental: {@link #feed} takes any split of bytes and
 * never blocks. The digest ("FP9") handshake is not needed by ffmpeg, OBS or librtmp publishers,
 * which accept a plain S1 whose version field is zero.
 */
public final class Handshake {
  /** C0/S0 version of plain RTMP (section 5.2.2). */
  public static final int RTMP_VERSION = 3;
  /** C0 version of RTMPE (encrypted RTMP), which is refused. */
  public static final int RTMPE_VERSION = 6;
  /** Size of C1, C2, S1 and S2 (section 5.2.3). */
  public static final int PACKET_SIZE = 1536;

  private final RandomGenerator random;
  private final byte[] c1 = new byte[PACKET_SIZE];
  private int c1Filled;
  private int c2Skipped;
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
      // C2 echoes S1 (section 5.2.4); clients differ in what they echo, so it is not checked.
      int n = Math.min(in.remaining(), PACKET_SIZE - c2Skipped);
      in.position(in.position() + n);
      c2Skipped += n;
      if (c2Skipped == PACKET_SIZE) {
        state = HandshakeState.DONE;
      }
    }
    return reply;
  }

  private byte[] s0s1s2() {
    byte[] out = new byte[1 + 2 * PACKET_SIZE];
    out[0] = RTMP_VERSION; // S0
    // S1 (section 5.2.3): time (4 bytes) = 0, zero (4 bytes) = 0, 1528 random bytes.
    byte[] randomBytes = new byte[PACKET_SIZE - 8];
    random.nextBytes(randomBytes);
    System.arraycopy(randomBytes, 0, out, 1 + 8, randomBytes.length);
    // S2 (section 5.2.4): echo of C1.
    System.arraycopy(c1, 0, out, 1 + PACKET_SIZE, PACKET_SIZE);
    return out;
  }
}
