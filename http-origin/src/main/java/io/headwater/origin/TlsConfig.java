package io.headwater.origin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An HTTPS listener: its port and the PEM files of its certificate chain and private key (for
 * Let's Encrypt, {@code /etc/letsencrypt/live/HOST/fullchain.pem} and {@code privkey.pem}).
 *
 * @param port the HTTPS port; 0 picks any free port
 * @param certificate PEM certificate chain, leaf first
 * @param privateKey PEM private key, unencrypted PKCS#8 or PKCS#1 RSA
 */
public record TlsConfig(int port, Path certificate, Path privateKey) {
  public TlsConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("https port must be 0..65535, was " + port);
    }
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
