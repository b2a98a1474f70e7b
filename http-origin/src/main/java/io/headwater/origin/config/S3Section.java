package io.headwater.origin.config;

import java.net.URI;

/**
 * {@code storage.s3}: an S3-compatible object store (AWS S3, MinIO, Ceph RGW, R2).
 *
 * @param endpoint the store's URL, e.g. {@code http://minio:9000}; absent for AWS S3
 * @param region the signing region, default us-east-1
 * @param bucket the bucket (required; it must exist)
 * @param prefix the key prefix of this cluster's objects, default none
 * @param accessKey the access key id (required; or the environment variable
 *     HEADWATER_S3_ACCESS_KEY)
 * @param secretKey the secret key (required; or HEADWATER_S3_SECRET_KEY)
 * @param pathStyle {@code http://host/bucket/key} addressing, default true (MinIO and most
 *     self-hosted stores); false for virtual-hosted buckets
 * @param maxAttempts attempts per request with exponential backoff, default 4
 * @param uploadQueue the most bytes waiting for upload per node before objects are dropped
 *     (logged and counted), default 256M
 * @param nodeUrl the HTTP URL under which other nodes and operators reach this node, written
 *     into the stream registry objects; default http://HOSTNAME:HTTPPORT
 */
public record S3Section(String endpoint, String region, String bucket, String prefix,
    String accessKey, String secretKey, Boolean pathStyle, Integer maxAttempts,
    ByteSize uploadQueue, String nodeUrl) {
  /** The default {@code uploadQueue}. */
  public static final ByteSize DEFAULT_UPLOAD_QUEUE = new ByteSize(256L << 20);

  public S3Section {
    region = Check.orDefault(region, "us-east-1");
    prefix = Check.orDefault(prefix, "");
    pathStyle = Check.orDefault(pathStyle, Boolean.TRUE);
    maxAttempts = Check.orDefault(maxAttempts, 4);
    uploadQueue = Check.orDefault(uploadQueue, DEFAULT_UPLOAD_QUEUE);
    Check.range("maxAttempts", maxAttempts, 1, 20);
    if (uploadQueue.bytes() < (1L << 20) || uploadQueue.bytes() > (16L << 30)) {
      throw InvalidValueException.of("uploadQueue", uploadQueue.bytes(),
          "a size from 1M to 16G");
    }
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      // AWS S3 bucket naming rules: 3-63 lower-case letters, digits, dots and hyphens
      throw InvalidValueException.of("bucket", bucket,
          "a bucket name of 3-63 characters a-z 0-9 . -");
    }
    if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._/-]{1,200}")) {
      throw InvalidValueException.of("prefix", prefix,
          "up to 200 characters of A-Z a-z 0-9 . _ - /");
    }
    if (endpoint != null) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw InvalidValueException.of("endpoint", endpoint, "an http(s) URL");
      }
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw InvalidValueException.of("endpoint", endpoint,
            "an http(s) URL such as http://minio:9000");
      }
    }
    if (nodeUrl != null && !nodeUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
      throw InvalidValueException.of("nodeUrl", nodeUrl,
          "an http(s) URL such as http://ingest-1.example:8080");
    }
  }
}
