package io.headwater.origin.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code http.tls} and {@code rtmp.tls}: a TLS listener with a PEM certificate chain and private
 * key, e.g. Let's Encrypt's {@code fullchain.pem} and {@code privkey.pem}. Relative paths are
 * resolved against the working directory. The files are read again when they change.
 *
 * @param port the TLS port, default 8443 for HTTPS and 443 for RTMPS (what {@code rtmps://}
 *     URLs without a port mean to ffmpeg and OBS); 0 picks any free port
 * @param certificate PEM certificate chain file, leaf first; required
 * @param privateKey PEM private key file (unencrypted PKCS#8 or PKCS#1 RSA); required
 */
public record TlsSection(Integer port, String certificate, String privateKey) {
  /** The default HTTPS port. */
  public static final int DEFAULT_HTTPS_PORT = 8443;
  /** The default RTMPS port. */
  public static final int DEFAULT_RTMPS_PORT = 443;

  /** Checks an HTTPS listener: port range, and both files given and readable. */
  TlsSection checkedForHttps() {
    return checked(DEFAULT_HTTPS_PORT);
  }

  /** Checks an RTMPS listener: port range, and both files given and readable. */
  TlsSection checkedForRtmps() {
    return checked(DEFAULT_RTMPS_PORT);
  }

  private TlsSection checked(int defaultPort) {
    int p = Check.orDefault(port, defaultPort);
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
