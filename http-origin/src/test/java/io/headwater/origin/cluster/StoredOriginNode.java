package io.headwater.origin.cluster;

import io.headwater.origin.OriginServer;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.security.SecuritySettings;
import java.util.List;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension giving each test an s3proxy, its {@link ClusterStore} bucket and an origin
 * node over it on loopback, all started before the test's {@code @BeforeEach} methods and closed
 * after it: the set-up of the tests that put what an ingest node writes and read it from the
 * origin node.
 */
final class StoredOriginNode implements BeforeEachCallback, AfterEachCallback {
  private final S3ProxyExtension s3;
  private final String securityYaml;
  private ClusterStore bucket;
  private OriginServer node;

  /** An open origin node; the s3proxy credentials are named after {@code name}. */
  StoredOriginNode(String name) {
    this(name, null);
  }

  /** An origin node with the security settings of the configuration text {@code securityYaml}. */
  StoredOriginNode(String name, String securityYaml) {
    this.s3 = ClusterStore.s3proxy(name);
    this.securityYaml = securityYaml;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    s3.beforeEach(context);
    SecuritySettings security = securityYaml == null ? SecuritySettings.OPEN
        : SecuritySettings.from(new ConfigLoader().parse(securityYaml, List.of()));
    bucket = ClusterStore.open(s3);
    node = bucket.originNode(security);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (node != null) {
        node.close();
      }
      if (bucket != null) {
        bucket.close();
      }
    } finally {
      node = null;
      bucket = null;
      s3.afterEach(context);
    }
  }

  /** The test's bucket, to put objects as an ingest node would. */
  ClusterStore bucket() {
    return bucket;
  }

  /** The origin node. */
  OriginServer node() {
    return node;
  }

  /** The origin node's URL of {@code path} ("/live/cam1/v.m3u8"). */
  String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }
}
