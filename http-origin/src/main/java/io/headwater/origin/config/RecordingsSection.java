package io.headwater.origin.config;

/**
 * {@code recordings}: what happens to recorded streams.
 *
 * @param retention when recordings are deleted
 */
public record RecordingsSection(RetentionSection retention) {
  public RecordingsSection {
    retention = Check.orDefault(retention, RetentionSection.defaults());
  }

  static RecordingsSection defaults() {
    return new RecordingsSection(null);
  }
}
