package io.headwater.origin.config;

/**
 * {@code storage}: where segments live beyond this node, and this node's role.
 *
 * @param type {@code file} (default: live segments stay in memory, files under dataDir are for
 *     recordings) or {@code s3} (every stream's segments, init segments, playlists and MPDs are
 *     also written to the object store of {@code s3}, so that origin nodes can serve them)
 * @param role {@code ingest} (default: accepts RTMP and serves its own streams from memory) or
 *     {@code origin} (no RTMP: serves every stream from the object store; needs type s3)
 * @param s3 the object store; required with type s3, absent otherwise
 */
public record StorageSection(String type, String role, S3Section s3) {
  public StorageSection {
    type = Check.orDefault(type, "file");
    role = Check.orDefault(role, "ingest");
    if (!type.equals("file") && !type.equals("s3")) {
      throw InvalidValueException.of("type", type, "file or s3");
    }
    if (!role.equals("ingest") && !role.equals("origin")) {
      throw InvalidValueException.of("role", role, "ingest or origin");
    }
    if (type.equals("s3") && s3 == null) {
      throw InvalidValueException.of("s3", "absent",
          "a section with at least bucket, accessKey and secretKey when storage.type is s3");
    }
    if (type.equals("file") && s3 != null) {
      throw InvalidValueException.of("s3", "set", "absent unless storage.type is s3");
    }
    if (role.equals("origin") && !type.equals("s3")) {
      throw InvalidValueException.of("role", role,
          "ingest, or origin together with storage.type s3");
    }
  }

  static StorageSection defaults() {
    return new StorageSection(null, null, null);
  }
}
