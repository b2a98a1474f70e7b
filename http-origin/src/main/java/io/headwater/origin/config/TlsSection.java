package io.headwater.origin.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code http.tls} (and {@code rtmp.tls}, not supported yet): a TLS listener with a PEM
 * certificate chain and private key, e.g. Let's Encrypt's {@code fullchain.pem} and
 * {@code privkey.pem}. Relative paths are resolved against the working directory.
 *
 * @param port the TLS port, default 8443 for HTTPS; 0 picks any free port
 * @param certificate PEM certificate chain file, leaf first; required
 * @param privateKey PEM private key file (unencrypted PKCS#8 or PKCS#1 RSA); required
 */
public record TlsSection(Integer port, String certificate, String privateKey) {
  /** The default HTTPS port. */
  public static final int DEFAULT_HTTPS_PORT = 8443;

  /** Checks an HTTPS listener: port range, and both files given and readable. */
  TlsSection checkedForHttps() {
    int p = Check.orDefault(port, DEFAULT_HTTPS_PORT);
    Check.range("tls.port", p, 0, 65535);
    readable("tls.certificate", certificate);
    readable("tls.privateKey", privateKey);
    return new TlsSection(p, certificate, privateKey);
  }

  private static void readable(String key, String file) {
    if (file == null || file.isBlank()) {
      throw InvalidValueException.of(key, "", "the path of a PEM file (required with tls)");
    }
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw InvalidValueException.of(key, file, "the path of a readable PEM file");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw InvalidValueException.of(key, file, "the path of a readable PEM file (relative "
          + "paths start at the working directory " + Path.of("").toAbsolutePath() + ")");
    }
  }
}
