package io.headwater.origin.config;

/**
 * One value from outside the file that overrides it: a command-line flag or an environment
 * variable.
 *
 * @param key the configuration key, e.g. {@code http.port}
 * @param value the value as text, parsed like the same key in the file
 * @param source where it came from, for error messages, e.g. {@code --http-port}
 */
public record Setting(String key, String value, String source) {}
