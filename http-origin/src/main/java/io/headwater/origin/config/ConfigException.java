package io.headwater.origin.config;

/**
 * A configuration that cannot start the origin. The message names the key, the value that was
 * given and what is allowed, e.g. {@code apps.live.segmentDuration: '2 s' is not a duration;
 * allowed: a number with a unit ms, s, m, h or d, e.g. 500ms, 2s}.
 */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
