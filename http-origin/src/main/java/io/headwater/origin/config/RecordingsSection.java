package io.headwater.origin.config;

/**
 * {@code recordings}: what happens to recorded streams.
 *
 * @param retention when recordings are deleted
 * @param mediaCache how large the cache of packaged media-folder files may grow
 */
public record RecordingsSection(RetentionSection retention, MediaCacheSection mediaCache) {
  public RecordingsSection {
    retention = Check.orDefault(retention, RetentionSection.defaults());
    mediaCache = Check.orDefault(mediaCache, MediaCacheSection.defaults());
  }

  static RecordingsSection defaults() {
    return new RecordingsSection(null, null);
  }
}
