package io.headwater.ingest.rtmp.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits {@code name?k=v&k2=v2} (an RTMP app or stream name with a query) into the name and its
 * decoded parameters.
 *
 * @param name the part before '?'
 * @param parameters decoded parameters in order; a key without '=' maps to ""
 */
public record QueryParameters(String name, Map<String, String> parameters) {
  private static final int MAX_PARAMETERS = 32;

  public QueryParameters {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** Parses {@code value}; malformed percent escapes are kept literally. */
  public static QueryParameters parse(String value) {
    int q = value.indexOf('?');
    if (q < 0) {
      return new QueryParameters(value, Map.of());
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : value.substring(q + 1).split("&")) {
      if (pair.isEmpty() || params.size() >= MAX_PARAMETERS) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.put(key, v);
    }
    return new QueryParameters(value.substring(0, q), params);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a stray '%' is not worth refusing the publish over
    }
  }
}
