package io.headwater.origin.transcode;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rendition of a server-side transcoding ladder: published back as {@code SOURCE_NAME}.
 *
 * @param name the rendition suffix without the {@code _}, e.g. {@code 480p}
 * @param height output height in pixels, even; the width follows the source's aspect ratio
 * @param videoBitsPerSecond H.264 target bitrate
 */
public record Rung(String name, int height, long videoBitsPerSecond) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.-]{1,16}");

  public Rung {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("rung name '" + name + "': 1-16 of A-Z a-z 0-9 . -");
    }
    if (height < 64 || height > 4320 || height % 2 != 0) {
      throw new IllegalArgumentException("rung height " + height + ": an even number 64..4320");
    }
    if (videoBitsPerSecond < 50_000 || videoBitsPerSecond > 100_000_000) {
      throw new IllegalArgumentException("rung bitrate " + videoBitsPerSecond
          + ": 50k..100M bit/s");
    }
  }
}
