package io.headwater.origin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test PEM files under src/test/resources/tls (a self-signed localhost certificate and its
 * keys, and the odd ones out) and a client TLS context that trusts one certificate.
 */
public final class TestTls {
  private TestTls() {}

  /** The path of the test resource {@code tls/NAME}. */
  public static Path resource(String name) {
    URL url = TestTls.class.getResource("/tls/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource tls/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client TLS context that trusts the PEM certificate {@code cert} and nothing else. */
  public static SSLContext trusting(Path cert) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry("origin",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
