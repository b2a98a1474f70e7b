package io.headwater.origin.security;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A slowloris on a TLS port: the start of a ClientHello sent a byte at a time, each byte
 * followed by up to 400 ms of waiting for an answer (which paces the trickle), until the server
 * closes the connection or the bytes run out.
 *
 * @param closed whether the server closed the connection before the bytes ran out
 * @param seconds from the first byte to the close, or to the last byte
 */
record TricklingHandshake(boolean closed, double seconds) {
  /** The first bytes of a TLS 1.2 ClientHello record (RFC 8446 5.1, 4.1.2). */
  private static final byte[] CLIENT_HELLO_START = {
    0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };
  private static final int WAIT_MILLIS = 400;

  /** What the test does after each byte, such as a request on another connection. */
  @FunctionalInterface
  interface AfterByte {
    /** Runs after the byte at {@code index} was sent and its answer awaited. */
    void run(int index) throws Exception;
  }

  /** Trickles over {@code socket}, a fresh connection to the TLS port. */
  static TricklingHandshake over(Socket socket) throws Exception {
    return over(socket, index -> { });
  }

  /** Trickles over {@code socket}, running {@code afterByte} after each byte. */
  static TricklingHandshake over(Socket socket, AfterByte afterByte) throws Exception {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    socket.setSoTimeout(WAIT_MILLIS);
    long start = System.nanoTime();
    boolean closed = false;
    for (int i = 0; i < CLIENT_HELLO_START.length && !closed; i++) {
      try {
        out.write(CLIENT_HELLO_START[i]);
        out.flush();
        closed = in.read() < 0;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (SocketException e) {
        closed = true;
      }
      afterByte.run(i);
    }
    return new TricklingHandshake(closed, (System.nanoTime() - start) / 1e9);
  }
}
