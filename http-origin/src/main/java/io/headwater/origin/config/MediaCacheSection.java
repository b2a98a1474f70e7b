package io.headwater.origin.config;

/**
 * {@code recordings.mediaCache}: the packaged copies of media-folder files in {@code
 * DATADIR/cache/vod/}. Copies of replaced or deleted files are removed, then the least recently
 * used while all together are larger than {@code maxSize}.
 *
 * @param maxSize the cache's size bound, default 10G; 0 turns the bound off
 */
public record MediaCacheSection(ByteSize maxSize) {
  public static final ByteSize DEFAULT_MAX_SIZE = new ByteSize(10L << 30);

  public MediaCacheSection {
    maxSize = Check.orDefault(maxSize, DEFAULT_MAX_SIZE);
  }

  static MediaCacheSection defaults() {
    return new MediaCacheSection(null);
  }
}
