package io.headwater.origin.config;

/**
 * {@code storage}: where segments and recordings live.
 *
 * @param type {@code file}, the default and for now the only type (live segments stay in memory;
 *     files under dataDir are for recordings); {@code s3} is not supported yet
 * @param s3 the S3 settings; not supported yet, must be absent
 */
public record StorageSection(String type, S3Section s3) {
  public StorageSection {
    type = Check.orDefault(type, "file");
    Check.off("type", type, "file");
    Check.absent("s3", s3);
  }

  static StorageSection defaults() {
    return new StorageSection(null, null);
  }
}
