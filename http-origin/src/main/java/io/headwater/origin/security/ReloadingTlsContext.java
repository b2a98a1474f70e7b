package io.headwater.origin.security;

import io.headwater.origin.http.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server {@link SSLContext} over PEM files that follows them: each new connection (each
 * engine or socket factory asked for) first checks, at most once a second, whether the
 * certificate or key file changed (modification time or size), and if so loads them again with
 * {@link PemTls}. New connections then get the new certificate; open ones keep theirs. A pair
 * that does not load (half-written, key not matching) is logged once and the previous one kept.
 */
public final class ReloadingTlsContext extends SSLContext {
  private final Spi files;

  private ReloadingTlsContext(Spi spi) {
    super(spi, spi.current.getProvider(), spi.current.getProtocol());
    this.files = spi;
  }

  /**
   * Loads {@code certificate} and {@code privateKey} now (an IOException naming the file when
   * they cannot be used) and again whenever they change.
   */
  public static ReloadingTlsContext open(Path certificate, Path privateKey) throws IOException {
    return new ReloadingTlsContext(new Spi(certificate, privateKey, System::nanoTime));
  }

  /** Checks the files now, ignoring the once-a-second pace; for tests and operators' tools. */
  public void checkNow() {
    files.reloadIfChanged(true);
  }

  /** Delegates every call to the context of the files' current version. */
  private static final class Spi extends SSLContextSpi {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsContext.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path certificate;
    private final Path privateKey;
    private final LongSupplier nanoTime;
    private volatile SSLContext current;
    private List<Object> loadedVersion;
    private List<Object> failedVersion;
    private long checkedNanos;

    Spi(Path certificate, Path privateKey, LongSupplier nanoTime) throws IOException {
      this.certificate = certificate;
      this.privateKey = privateKey;
      this.nanoTime = nanoTime;
      this.loadedVersion = version();
      this.current = PemTls.serverContext(certificate, privateKey);
      this.checkedNanos = nanoTime.getAsLong();
    }

    private List<Object> version() throws IOException {
      return List.of(Files.getLastModifiedTime(certificate), Files.size(certificate),
          Files.getLastModifiedTime(privateKey), Files.size(privateKey));
    }

    synchronized SSLContext reloadIfChanged(boolean now) {
      long t = nanoTime.getAsLong();
      if (!now && t - checkedNanos < CHECK_INTERVAL_NANOS) {
        return current;
      }
      checkedNanos = t;
      List<Object> version;
      try {
        version = version();
      } catch (IOException e) {
        version = null;
      }
      if (version == null || version.equals(loadedVersion) || version.equals(failedVersion)) {
        return current;
      }
      try {
        current = PemTls.serverContext(certificate, privateKey);
        loadedVersion = version;
        LOG.info("TLS certificate reloaded: certificate={} privateKey={}", certificate,
            privateKey);
      } catch (IOException | RuntimeException e) {
        failedVersion = version;
        LOG.warn("TLS certificate reload failed, keeping the previous one: {}", e.getMessage());
      }
      return current;
    }

    private SSLContext fresh() {
      return reloadIfChanged(false);
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("a reloading TLS context is initialised from its files");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return fresh().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return fresh().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return fresh().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return fresh().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return current.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return current.getClientSessionContext();
    }
  }
}
