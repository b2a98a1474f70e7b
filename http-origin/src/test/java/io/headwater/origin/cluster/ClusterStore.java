package io.headwater.origin.cluster;

import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.storage.s3.ObjectMetadata;
import io.headwater.storage.s3.S3ObjectStore;
import io.headwater.storage.s3.S3Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.gaul.s3proxy.junit.S3ProxyExtension;

/**
 * A bucket of a test's s3proxy with an open client on it, made if missing: what the cluster
 * tests put in the store as an ingest node would, and the nodes they start over it on loopback.
 *
 * @param settings the bucket's settings, as every node of the test gets them
 * @param store the test's own client on the bucket
 */
record ClusterStore(S3Settings settings, S3ObjectStore store) implements AutoCloseable {
  /** The epoch of every stream record put by {@link #putRecord}. */
  static final String EPOCH = "e1";
  /** The ingest node every stream record put by {@link #putRecord} names. */
  static final String INGEST_URL = "http://ingest-1:8080";
  /** Loopback, ports chosen by the system, no access log. */
  static final OriginConfig LOOPBACK = OriginConfig.defaults().withBindAddress("127.0.0.1")
      .withPorts(0, 0).withAccessLog(false);

  /** An in-memory s3proxy for one test; its credentials are NAME-access and NAME-secret-key. */
  static S3ProxyExtension s3proxy(String name) {
    return S3ProxyExtension.builder()
        .withCredentials(name + "-access", name + "-secret-key").build();
  }

  /** The bucket {@code media}, with no key prefix, of {@code s3}. */
  static ClusterStore open(S3ProxyExtension s3) {
    return open(s3, "media", "");
  }

  /** The bucket {@code bucket} of {@code s3}, its keys under {@code prefix} (path-style URLs). */
  static ClusterStore open(S3ProxyExtension s3, String bucket, String prefix) {
    S3Settings settings = S3Settings.of(s3.getUri(), "us-east-1", bucket, prefix,
        s3.getAccessKey(), s3.getSecretKey(), true);
    S3ObjectStore store = new S3ObjectStore(settings);
    try {
      store.ensureBucket();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return new ClusterStore(settings, store);
  }

  /** Starts an origin node over this bucket on {@link #LOOPBACK}. */
  OriginServer originNode(SecuritySettings security) throws IOException {
    return originNode(LOOPBACK, Clock.systemUTC(), security);
  }

  /** Starts an origin node over this bucket with {@code config} and {@code clock}. */
  OriginServer originNode(OriginConfig config, Clock clock, SecuritySettings security)
      throws IOException {
    return OriginServer.start(config, clock, security,
        ClusterSettings.of(NodeRole.ORIGIN, settings, null));
  }

  /**
   * Starts an ingest node writing to this bucket with {@code config}.
   *
   * @param url the node's URL in its stream records, or null for one made of the host name and
   *     HTTP port
   */
  OriginServer ingestNode(OriginConfig config, SecuritySettings security, String url)
      throws IOException {
    return OriginServer.start(config, Clock.systemUTC(), security,
        ClusterSettings.of(NodeRole.INGEST, settings, url));
  }

  /**
   * Puts the registry object of {@code app/stream} as {@link #INGEST_URL} writes it.
   *
   * @param state {@code live} or {@code ended}
   * @param updatedMillis when the ingest node wrote it (Unix milliseconds)
   */
  void putRecord(String app, String stream, String state, int targetDurationSeconds,
      long updatedMillis) {
    store.put(ObjectKeys.registry(app + "/" + stream), new StreamRecord(app, stream, EPOCH,
        INGEST_URL, state, targetDurationSeconds, updatedMillis).toJson(),
        ObjectMetadata.forName("x.json"));
  }

  /** Puts the media object {@code name} of {@code stream} ("app/stream") with {@code body}. */
  void putMedia(String stream, String name, String body) {
    store.put(ObjectKeys.media(stream, name), body.getBytes(StandardCharsets.UTF_8),
        ObjectMetadata.forName(name));
  }

  @Override
  public void close() {
    store.close();
  }
}
