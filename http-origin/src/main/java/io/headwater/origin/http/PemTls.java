package io.headwater.origin.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds a server {@link SSLContext} from PEM files as certbot (Let's Encrypt) and most CAs ship
 * them: a certificate chain ({@code fullchain.pem}, leaf first) and an unencrypted private key,
 * either PKCS#8 ({@code BEGIN PRIVATE KEY}, RFC 5208; RSA, EC or Ed25519) or PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, RFC 8017 A.1.2). The JDK parses both once the base64 is
 * decoded, so no PEM library is needed.
 */
public final class PemTls {
  private static final int MAX_PEM_BYTES = 1 << 20;
  private static final char[] NO_PASSWORD = new char[0];
  // AlgorithmIdentifier for rsaEncryption, OID 1.2.840.113549.1.1.1 with NULL parameters
  private static final byte[] RSA_ALGORITHM = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
    0x01, 0x05, 0x00
  };

  private PemTls() {}

  /**
   * Loads the chain and key and checks that the key belongs to the leaf certificate.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static SSLContext serverContext(Path certificate, Path privateKey) throws IOException {
    X509Certificate[] chain = certificates(certificate);
    PrivateKey key = privateKey(privateKey);
    try {
      checkPair(chain[0], key);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("headwater", key, NO_PASSWORD, chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use certificate " + certificate + " with key " + privateKey
          + ": " + e.getMessage(), e);
    }
  }

  static X509Certificate[] certificates(Path file) throws IOException {
    byte[] pem = read(file);
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem));
      if (certs.isEmpty()) {
        throw new IOException("no certificate in " + file);
      }
      return certs.stream().map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file) throws IOException {
    String pem = new String(read(file), StandardCharsets.US_ASCII);
    byte[] pkcs8;
    if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
      pkcs8 = block(pem, "PRIVATE KEY", file);
    } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      pkcs8 = wrapPkcs1(block(pem, "RSA PRIVATE KEY", file));
    } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IOException(file + " holds an encrypted key; decrypt it first: "
          + "openssl pkcs8 -in " + file + " -out key.pem");
    } else if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IOException(file + " holds a SEC1 EC key; convert it to PKCS#8 first: "
          + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
    } else {
      throw new IOException("no PEM private key (BEGIN PRIVATE KEY) in " + file);
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IOException("unsupported or malformed private key in " + file);
  }

  private static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_PEM_BYTES) {
      throw new IOException(file + " is " + size + " bytes; a PEM file this large is not a key "
          + "or certificate chain");
    }
    return Files.readAllBytes(file);
  }

  private static byte[] block(String pem, String label, Path file) throws IOException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end, from);
    if (to < 0) {
      throw new IOException(file + ": " + begin + " without " + end);
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad base64 in " + label, e);
    }
  }

  /**
   * PrivateKeyInfo ::= SEQUENCE { version INTEGER 0, algorithm AlgorithmIdentifier,
   * privateKey OCTET STRING } (RFC 5208 5), around an RSAPrivateKey.
   */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream inner = new ByteArrayOutputStream(pkcs1.length + 32);
    inner.writeBytes(new byte[] {0x02, 0x01, 0x00});  // version INTEGER 0
    inner.writeBytes(RSA_ALGORITHM);
    inner.write(0x04);  // OCTET STRING
    inner.writeBytes(derLength(pkcs1.length));
    inner.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(inner.size() + 8);
    out.write(0x30);  // SEQUENCE
    out.writeBytes(derLength(inner.size()));
    out.writeBytes(inner.toByteArray());
    return out.toByteArray();
  }

  /** X.690 8.1.3: short form below 128, else long form with the byte count first. */
  private static byte[] derLength(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }

  /** Signs a random challenge with the key and verifies it with the certificate. */
  private static void checkPair(X509Certificate leaf, PrivateKey key)
      throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA", "RSASSA-PSS" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    if (key.getAlgorithm().equals("RSASSA-PSS")) {
      return;  // PSS needs parameters; the handshake itself will reject a mismatch
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(leaf.getPublicKey());
    verifier.update(challenge);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the private key does not match the first certificate ("
          + leaf.getSubjectX500Principal() + ")");
    }
  }
}
