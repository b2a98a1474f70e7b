package io.headwater.storage.s3;

import io.headwater.storage.StoredSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in one bucket under one key prefix of an S3-compatible store, through the AWS SDK for
 * Java v2 with the JDK's HTTP client. Keys passed in are relative to {@link S3Settings#prefix()}.
 *
 * <p>Writes are one {@code PutObject} up to the part size and a multipart upload above it (AWS
 * S3 API, CreateMultipartUpload / UploadPart / CompleteMultipartUpload), each with the object's
 * {@code Content-Type} and {@code Cache-Control}. Every request is retried by the SDK's standard
 * strategy (exponential backoff with jitter on 5xx, throttling and I/O errors) up to {@link
 * S3Settings#maxAttempts()}; what still fails surfaces as {@link ObjectStoreException}. Reads are
 * bounded by {@link S3Settings#maxObjectBytes()} before any array is allocated. Thread-safe.
 */
public final class S3ObjectStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Settings settings;
  private final S3Client client;

  /** Opens a client for {@code settings}; no request is made until the first call. */
  public S3ObjectStore(S3Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(settings.timeout())
            .socketTimeout(settings.timeout()))
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
        .forcePathStyle(settings.pathStyle())
        // Checksums only where the API requires them: many S3-compatible stores do not know
        // the newer flexible-checksum headers.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxAttempts()).build())
            .apiCallAttemptTimeout(settings.timeout()));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.client = builder.build();
  }

  /** The settings this store was opened with. */
  public S3Settings settings() {
    return settings;
  }

  /**
   * Writes (or overwrites) {@code key} with {@code bytes}: one PUT, or a multipart upload when
   * the object is larger than the part size.
   *
   * @throws ObjectStoreException when the store refused or could not be reached after retries
   */
  public void put(String key, byte[] bytes, ObjectMetadata metadata) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(metadata, "metadata");
    String fullKey = fullKey(key);
    try {
      if (bytes.length > settings.partSizeBytes()) {
        putMultipart(fullKey, bytes, metadata);
      } else {
        client.putObject(b -> b.bucket(settings.bucket()).key(fullKey)
                .contentType(metadata.contentType()).cacheControl(metadata.cacheControl())
                .contentLength((long) bytes.length),
            RequestBody.fromBytes(bytes));
      }
      LOG.debug("s3 put {} ({} bytes)", fullKey, bytes.length);
    } catch (RuntimeException e) {
      throw new ObjectStoreException("PUT " + fullKey + " failed: " + e.getMessage(), e);
    }
  }

  private void putMultipart(String fullKey, byte[] bytes, ObjectMetadata metadata) {
    String uploadId = client.createMultipartUpload(b -> b.bucket(settings.bucket()).key(fullKey)
        .contentType(metadata.contentType()).cacheControl(metadata.cacheControl())).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int partSize = settings.partSizeBytes();
      for (int offset = 0, number = 1; offset < bytes.length; offset += partSize, number++) {
        int length = Math.min(partSize, bytes.length - offset);
        int partNumber = number; // AWS S3 API UploadPart: part numbers 1..10000
        String etag = client.uploadPart(b -> b.bucket(settings.bucket()).key(fullKey)
                .uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
            RequestBody.fromBytes(Arrays.copyOfRange(bytes, offset, offset + length))).eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
      }
      client.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(fullKey)
          .uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    } catch (RuntimeException e) {
      try {
        client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(fullKey)
            .uploadId(uploadId));
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  /**
   * The bytes of {@code key} and when it was last written, or empty when there is no such object.
   *
   * @throws ObjectStoreException when the object is larger than the limit, or the store failed
   */
  public Optional<StoredSegment> get(String key) {
    return read(key, null);
  }

  /**
   * Up to {@code maxLength} bytes of {@code key} from {@code offset} (an HTTP {@code Range},
   * RFC 9110 14.1.2), or empty when there is no such object; an offset past the end gives an
   * empty array.
   */
  public Optional<byte[]> getRange(String key, long offset, int maxLength) {
    if (offset < 0 || maxLength < 0) {
      throw new IllegalArgumentException("range offset " + offset + " length " + maxLength);
    }
    if (maxLength == 0) {
      return get(key).map(s -> new byte[0]);
    }
    return read(key, "bytes=" + offset + "-" + (offset + maxLength - 1))
        .map(StoredSegment::bytes);
  }

  private Optional<StoredSegment> read(String key, String range) {
    String fullKey = fullKey(key);
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket())
        .key(fullKey);
    if (range != null) {
      request.range(range);
    }
    try (ResponseInputStream<GetObjectResponse> in = client.getObject(request.build())) {
      Long length = in.response().contentLength();
      if (length == null || length < 0 || length > settings.maxObjectBytes()) {
        in.abort();
        throw new ObjectStoreException("GET " + fullKey + ": length " + length
            + " is outside 0.." + settings.maxObjectBytes(), null);
      }
      byte[] bytes = in.readNBytes(length.intValue());
      if (bytes.length != length) {
        throw new ObjectStoreException("GET " + fullKey + ": " + bytes.length + " of " + length
            + " bytes arrived", null);
      }
      Instant modified = in.response().lastModified();
      return Optional.of(new StoredSegment(bytes, modified == null ? Instant.now() : modified));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      if (e.statusCode() == 416) { // RFC 9110 15.5.17: the range starts past the end
        return Optional.of(new StoredSegment(new byte[0], Instant.now()));
      }
      throw new ObjectStoreException("GET " + fullKey + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ObjectStoreException("GET " + fullKey + " failed: " + e, e);
    } catch (UncheckedIOException | software.amazon.awssdk.core.exception.SdkClientException e) {
      throw new ObjectStoreException("GET " + fullKey + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The metadata {@code key} was stored with, or empty when there is no such object.
   *
   * @throws ObjectStoreException when the store failed
   */
  public Optional<ObjectMetadata> head(String key) {
    String fullKey = fullKey(key);
    try {
      HeadObjectResponse r = client.headObject(b -> b.bucket(settings.bucket()).key(fullKey));
      return Optional.of(new ObjectMetadata(
          Objects.requireNonNullElse(r.contentType(), "application/octet-stream"),
          Objects.requireNonNullElse(r.cacheControl(), "")));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new ObjectStoreException("HEAD " + fullKey + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ObjectStoreException("HEAD " + fullKey + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the bucket when it does not exist yet (HeadBucket, then CreateBucket): for a fresh
   * MinIO or a test store; on AWS, create buckets with their policies beforehand.
   */
  public void ensureBucket() {
    try {
      client.headBucket(b -> b.bucket(settings.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw new ObjectStoreException("HEAD bucket " + settings.bucket() + " failed: "
            + e.getMessage(), e);
      }
      client.createBucket(b -> b.bucket(settings.bucket()));
      LOG.info("s3 bucket created bucket={}", settings.bucket());
    } catch (RuntimeException e) {
      throw new ObjectStoreException("HEAD bucket " + settings.bucket() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Deletes {@code key}; deleting an absent object succeeds (AWS S3 API, DeleteObject). */
  public void delete(String key) {
    String fullKey = fullKey(key);
    try {
      client.deleteObject(b -> b.bucket(settings.bucket()).key(fullKey));
    } catch (RuntimeException e) {
      throw new ObjectStoreException("DELETE " + fullKey + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The keys (relative to the store's prefix) that start with {@code keyPrefix}, sorted, with
   * their sizes.
   */
  public List<Listed> list(String keyPrefix) {
    String full = fullKey(keyPrefix);
    List<Listed> out = new ArrayList<>();
    try {
      for (S3Object o : client.listObjectsV2Paginator(ListObjectsV2Request.builder()
          .bucket(settings.bucket()).prefix(full).build()).contents()) {
        out.add(new Listed(o.key().substring(settings.prefix().length()), o.size()));
      }
    } catch (RuntimeException e) {
      throw new ObjectStoreException("LIST " + full + " failed: " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(Listed::key));
    return out;
  }

  /** One listed object. @param key relative to the prefix @param sizeBytes its length */
  public record Listed(String key, long sizeBytes) {}

  private String fullKey(String key) {
    Objects.requireNonNull(key, "key");
    return settings.prefix() + key;
  }

  @Override
  public void close() {
    client.close();
  }
}
