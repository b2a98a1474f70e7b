package io.headwater.origin.cluster;

import io.headwater.origin.config.S3Section;
import io.headwater.origin.config.StorageSection;
import io.headwater.storage.s3.S3Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How this node takes part in a cluster that shares one object store ({@code storage.type: s3}).
 *
 * @param role ingest or origin
 * @param s3 the object store
 * @param uploadQueueBytes the most bytes waiting for upload before objects are dropped
 * @param uploadQueueObjects the most objects waiting for upload before objects are dropped
 * @param nodeUrl this node's URL for the stream registry objects, or null to derive it from the
 *     host name and HTTP port
 * @param registryRefresh how often a live stream's registry object is rewritten
 */
public record ClusterSettings(NodeRole role, S3Settings s3, long uploadQueueBytes,
    int uploadQueueObjects, String nodeUrl, Duration registryRefresh) {
  /** Environment variable that supplies {@code storage.s3.accessKey} when the file has none. */
  public static final String ACCESS_KEY_VARIABLE = "HEADWATER_S3_ACCESS_KEY";
  /** Environment variable that supplies {@code storage.s3.secretKey} when the file has none. */
  public static final String SECRET_KEY_VARIABLE = "HEADWATER_S3_SECRET_KEY";

  public ClusterSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(registryRefresh, "registryRefresh");
    if (uploadQueueBytes <= 0 || uploadQueueObjects <= 0) {
      throw new IllegalArgumentException("upload queue " + uploadQueueBytes + " bytes, "
          + uploadQueueObjects + " objects");
    }
  }

  /** Settings with a 256 MiB / 10,000-object upload queue and a 5 s registry refresh. */
  public static ClusterSettings of(NodeRole role, S3Settings s3, String nodeUrl) {
    return new ClusterSettings(role, s3, 256L << 20, 10_000, nodeUrl, Duration.ofSeconds(5));
  }

  /**
   * The cluster settings of a configuration, or null when {@code storage.type} is {@code file}
   * (a single node).
   *
   * @throws IllegalArgumentException when the access or secret key is missing from both the
   *     file and the environment
   */
  public static ClusterSettings from(StorageSection storage, Map<String, String> env) {
    if (!storage.type().equals("s3")) {
      return null;
    }
    S3Section s = storage.s3();
    String accessKey = s.accessKey() != null ? s.accessKey() : env.get(ACCESS_KEY_VARIABLE);
    String secretKey = s.secretKey() != null ? s.secretKey() : env.get(SECRET_KEY_VARIABLE);
    if (accessKey == null || secretKey == null) {
      throw new IllegalArgumentException("storage.s3: accessKey and secretKey are required "
          + "(in the file or as " + ACCESS_KEY_VARIABLE + " and " + SECRET_KEY_VARIABLE + ")");
    }
    S3Settings s3 = new S3Settings(s.endpoint() == null ? null : URI.create(s.endpoint()),
        s.region(), s.bucket(), s.prefix(), accessKey, secretKey, s.pathStyle(),
        s.maxAttempts(), 8 << 20, 64 << 20, Duration.ofSeconds(10));
    NodeRole role = storage.role().equals("origin") ? NodeRole.ORIGIN : NodeRole.INGEST;
    return new ClusterSettings(role, s3, s.uploadQueue().bytes(), 10_000, s.nodeUrl(),
        Duration.ofSeconds(5));
  }
}
