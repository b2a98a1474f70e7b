package io.headwater.origin.config;

/**
 * {@code storage.s3}: an S3-compatible object store. Not supported yet: must be absent.
 *
 * @param endpoint the store's URL
 * @param bucket the bucket
 * @param prefix the key prefix
 * @param accessKey the access key id
 * @param secretKey the secret key
 */
public record S3Section(String endpoint, String bucket, String prefix, String accessKey,
    String secretKey) {}
