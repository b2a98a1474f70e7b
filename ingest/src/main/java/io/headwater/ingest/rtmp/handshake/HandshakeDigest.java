package io.headwater.ingest.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 digests of the Flash Player 9 ("complex", digest) handshake, which Adobe never
 * published in RTMP 1.0; the layout below is the one librtmp (handshake.h) and FFmpeg
 * (libavformat/rtmpproto.c) implement and every FMS-compatible server answers.
 *
 * <pre>
 * C1/S1: time UI32 | version UI32 (non-zero) | 1528 bytes holding a 32-byte digest
 *   scheme 0: digest at (b[8]+b[9]+b[10]+b[11]) % 728 + 12
 *   scheme 1: digest at (b[772]+b[773]+b[774]+b[775]) % 728 + 776
 *   digest = HMAC-SHA256(key, packet without the 32 digest bytes)
 *     key: C1 "Genuine Adobe Flash Player 001" (30 bytes), S1 "... Media Server 001" (36 bytes)
 * S2/C2: 1504 random bytes | HMAC-SHA256(HMAC-SHA256(full key, peer's digest), first 1504 bytes)
 *   full key: the text key plus 32 constant bytes (S2: the 68-byte server key, C2: the 62-byte
 *   player key)
 * </pre>
 */
public final class HandshakeDigest {
  /** Length of a digest and of an HMAC-SHA256 output. */
  public static final int DIGEST_BYTES = 32;
  /** Where the signature of S2/C2 starts. */
  public static final int SIGNATURE_OFFSET = Handshake.PACKET_SIZE - DIGEST_BYTES;

  private static final byte[] KEY_TAIL = {
    (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
    0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
    0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
    (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE
  };
  /** The client's key: 30 text bytes sign C1, all 62 bytes derive the C2 key. */
  public static final byte[] PLAYER_KEY = withTail("Genuine Adobe Flash Player 001");
  /** The server's key: 36 text bytes sign S1, all 68 bytes derive the S2 key. */
  public static final byte[] SERVER_KEY = withTail("Genuine Adobe Flash Media Server 001");
  /** Bytes of {@link #PLAYER_KEY} that sign C1. */
  public static final int PLAYER_TEXT_KEY_BYTES = 30;
  /** Bytes of {@link #SERVER_KEY} that sign S1. */
  public static final int SERVER_TEXT_KEY_BYTES = 36;

  /** The two places a C1/S1 digest may sit. */
  public enum Scheme {
    /** Offset bytes 8..11, digest in 12..771 (FFmpeg's client). */
    SCHEME_0(8),
    /** Offset bytes 772..775, digest in 776..1535 (librtmp's client, Flash Player). */
    SCHEME_1(772);

    private final int offsetField;

    Scheme(int offsetField) {
      this.offsetField = offsetField;
    }

    /** Where the 32-byte digest of {@code packet} (a 1536-byte C1 or S1) starts. */
    public int digestPosition(byte[] packet) {
      int sum = (packet[offsetField] & 0xFF) + (packet[offsetField + 1] & 0xFF)
          + (packet[offsetField + 2] & 0xFF) + (packet[offsetField + 3] & 0xFF);
      return sum % 728 + offsetField + 4;
    }
  }

  private HandshakeDigest() {}

  /** The scheme whose digest of {@code packet} verifies with the first keyBytes of key, or null. */
  public static Scheme findScheme(byte[] packet, byte[] key, int keyBytes) {
    for (Scheme scheme : new Scheme[] {Scheme.SCHEME_1, Scheme.SCHEME_0}) {
      int pos = scheme.digestPosition(packet);
      byte[] expected = packetDigest(packet, pos, key, keyBytes);
      if (MessageDigest.isEqual(expected,
          Arrays.copyOfRange(packet, pos, pos + DIGEST_BYTES))) {
        return scheme;
      }
    }
    return null;
  }

  /** The digest stored in {@code packet} under {@code scheme}. */
  public static byte[] digestOf(byte[] packet, Scheme scheme) {
    int pos = scheme.digestPosition(packet);
    return Arrays.copyOfRange(packet, pos, pos + DIGEST_BYTES);
  }

  /** Writes the digest of {@code packet} into it at the position {@code scheme} gives. */
  public static void imprint(byte[] packet, Scheme scheme, byte[] key, int keyBytes) {
    int pos = scheme.digestPosition(packet);
    System.arraycopy(packetDigest(packet, pos, key, keyBytes), 0, packet, pos, DIGEST_BYTES);
  }

  /** Signs an S2/C2 in place: its last 32 bytes answer {@code peerDigest} under {@code fullKey}. */
  public static void sign(byte[] packet, byte[] fullKey, byte[] peerDigest) {
    System.arraycopy(signature(packet, fullKey, peerDigest), 0, packet, SIGNATURE_OFFSET,
        DIGEST_BYTES);
  }

  /** Whether the last 32 bytes of an S2/C2 answer {@code ownDigest} under {@code fullKey}. */
  public static boolean verifySignature(byte[] packet, byte[] fullKey, byte[] ownDigest) {
    return MessageDigest.isEqual(signature(packet, fullKey, ownDigest),
        Arrays.copyOfRange(packet, SIGNATURE_OFFSET, Handshake.PACKET_SIZE));
  }

  private static byte[] signature(byte[] packet, byte[] fullKey, byte[] digest) {
    byte[] key = hmac(fullKey, fullKey.length, digest, 0, digest.length);
    return hmac(key, key.length, packet, 0, SIGNATURE_OFFSET);
  }

  private static byte[] packetDigest(byte[] packet, int pos, byte[] key, int keyBytes) {
    byte[] message = new byte[packet.length - DIGEST_BYTES];
    System.arraycopy(packet, 0, message, 0, pos);
    System.arraycopy(packet, pos + DIGEST_BYTES, message, pos, packet.length - pos - DIGEST_BYTES);
    return hmac(key, keyBytes, message, 0, message.length);
  }

  private static byte[] hmac(byte[] key, int keyBytes, byte[] data, int offset, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, 0, keyBytes, "HmacSHA256"));
      mac.update(data, offset, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  private static byte[] withTail(String text) {
    byte[] head = text.getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(head, head.length + KEY_TAIL.length);
    System.arraycopy(KEY_TAIL, 0, key, head.length, KEY_TAIL.length);
    return key;
  }
}
