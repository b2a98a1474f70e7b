package io.headwater.origin.config;

import java.util.List;

/**
 * {@code http.cors}: which web origins may fetch manifests and segments.
 *
 * @param allowOrigins the allowed origins, default {@code ["*"]} (everyone)
 */
public record CorsSection(List<String> allowOrigins) {
  public CorsSection {
    allowOrigins = List.copyOf(Check.orDefault(allowOrigins, List.of("*")));
    if (allowOrigins.isEmpty()) {
      throw InvalidValueException.of("allowOrigins", "[]",
          "at least one origin, e.g. [\"*\"] or [\"https://player.example.com\"]");
    }
    for (String o : allowOrigins) {
      if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
        throw InvalidValueException.of("allowOrigins", o,
            "\"*\" or origins like https://player.example.com (scheme, host, optional port)");
      }
    }
  }

  static CorsSection defaults() {
    return new CorsSection(null);
  }
}
