package io.headwater.manifest.dash;

import java.util.Objects;

/**
 * An MPD {@code UTCTiming} descriptor (ISO/IEC 23009-1 5.8.4.11): where players read the
 * origin's clock.
 *
 * @param schemeIdUri the timing scheme, e.g. {@link #HTTP_ISO}
 * @param value the scheme's value: for the HTTP schemes, the URL of the time source
 */
public record UtcTiming(String schemeIdUri, String value) {
  /** The response body is an ISO 8601 date-time (ISO/IEC 23009-1 Table 32). */
  public static final String HTTP_ISO = "urn:mpeg:dash:utc:http-iso:2014";

  public UtcTiming {
    Objects.requireNonNull(schemeIdUri, "schemeIdUri");
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("UTCTiming value is blank");
    }
  }

  /** An http-iso:2014 time source at {@code url}. */
  public static UtcTiming httpIso(String url) {
    return new UtcTiming(HTTP_ISO, url);
  }
}
