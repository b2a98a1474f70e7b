package io.headwater.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach an S3-compatible object store (AWS S3, MinIO, Ceph RGW, R2, s3proxy).
 *
 * @param endpoint the store's base URL, e.g. {@code http://minio:9000}; null for AWS S3 itself
 * @param region the signing region ({@code us-east-1} suits most non-AWS stores)
 * @param bucket the bucket, which must exist
 * @param prefix the key prefix every object of this store goes under ("" for none; otherwise
 *     ends with {@code '/'})
 * @param accessKey the access key id
 * @param secretKey the secret access key
 * @param pathStyle {@code http://host/bucket/key} URLs rather than {@code http://bucket.host/key}
 *     (MinIO, s3proxy and most self-hosted stores need path style)
 * @param maxAttempts attempts per request, the first included; retries back off exponentially
 *     with jitter (the SDK's standard strategy)
 * @param partSizeBytes objects larger than this are uploaded in parts of this size (S3 requires
 *     at least 5 MiB per part but the last)
 * @param maxObjectBytes objects larger than this are refused on read before their bytes are
 *     allocated
 * @param timeout the limit of one attempt of one request
 */
public record S3Settings(URI endpoint, String region, String bucket, String prefix,
    String accessKey, String secretKey, boolean pathStyle, int maxAttempts, int partSizeBytes,
    int maxObjectBytes, Duration timeout) {
  /** S3's smallest part of a multipart upload but the last (AWS S3 API, UploadPart). */
  public static final int MIN_PART_BYTES = 5 << 20;

  public S3Settings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(timeout, "timeout");
    prefix = normalizePrefix(prefix);
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket is empty");
    }
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts " + maxAttempts + " outside 1..20");
    }
    if (partSizeBytes < MIN_PART_BYTES) {
      throw new IllegalArgumentException("partSizeBytes " + partSizeBytes + " below "
          + MIN_PART_BYTES);
    }
    if (maxObjectBytes <= 0) {
      throw new IllegalArgumentException("maxObjectBytes " + maxObjectBytes);
    }
  }

  /** Settings with 4 attempts, 8 MiB parts, 64 MiB largest object and a 10 s timeout. */
  public static S3Settings of(URI endpoint, String region, String bucket, String prefix,
      String accessKey, String secretKey, boolean pathStyle) {
    return new S3Settings(endpoint, region, bucket, prefix, accessKey, secretKey, pathStyle, 4,
        8 << 20, 64 << 20, Duration.ofSeconds(10));
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
    return p.endsWith("/") ? p : p + "/";
  }

  @Override
  public String toString() {
    // never the secret key in logs
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
        + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", maxAttempts=" + maxAttempts + "]";
  }
}
