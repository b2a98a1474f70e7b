package io.headwater.origin.config;

/**
 * Thrown by the configuration records when a value is out of range; the loader adds the
 * record's position in the file, so that the final message names the full key.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private final String key;
  private final Object value;
  private final String allowed;

  private InvalidValueException(String key, Object value, String allowed) {
    super(key + ": '" + value + "' is not allowed; allowed: " + allowed);
    this.key = key;
    this.value = value;
    this.allowed = allowed;
  }

  /**
   * A value out of range.
   *
   * @param key the key relative to the record that rejects it, e.g. {@code playlistSegments}
   * @param value the value as given
   * @param allowed what would have been accepted
   */
  public static InvalidValueException of(String key, Object value, String allowed) {
    return new InvalidValueException(key, value, allowed);
  }

  /** The rejected key relative to the record that threw. */
  public String key() {
    return key;
  }

  /** The message with the full key, e.g. {@code apps.live.segmentDuration}. */
  public String describe(String fullKey) {
    return fullKey + ": '" + value + "' is not allowed; allowed: " + allowed;
  }
}
