package io.headwater.ingest.rtmp.handshake;

/** Where a server-side RTMP handshake stands (RTMP 1.0 section 5.2.8). */
public enum HandshakeState {
  /** Waiting for C0 (1 byte) and C1 (1536 bytes). */
  AWAIT_C0_C1,
  /** S0, S1 and S2 were produced; waiting for C2 (1536 bytes). */
  AWAIT_C2,
  /** C2 received; every further byte belongs to the chunk stream. */
  DONE,
  /** The client was refused; terminal. */
  FAILED
}
