package io.headwater.ingest.auth;

import java.util.Map;
import java.util.Objects;

/**
 * Publish keys from configuration ({@code apps.APP.publish.keys} in the YAML file): stream name
 * to the key its publisher must pass as {@code ?key=} on the publish URL (or on the app, as OBS
 * does with {@code rtmp://host/live?key=...}). The stream name {@value #ANY_STREAM} gives the key
 * of every stream not listed. An empty map allows every publish.
 *
 * @param keysByStream stream name (or {@value #ANY_STREAM}) to key
 */
public record StaticKeysConfig(Map<String, String> keysByStream) {
  /** The entry that applies to every stream without its own key. */
  public static final String ANY_STREAM = "*";

  public StaticKeysConfig {
    keysByStream = Map.copyOf(Objects.requireNonNull(keysByStream, "keysByStream"));
    keysByStream.forEach((stream, key) -> {
      if (stream.isEmpty() || key.isEmpty()) {
        throw new IllegalArgumentException("publish keys: empty stream name or key for '"
            + stream + "'");
      }
    });
  }
}
