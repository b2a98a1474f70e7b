package io.headwater.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every URI an HLS playlist names, in order: the URI="..." attributes of its tags (EXT-X-MEDIA,
 * EXT-X-MAP, EXT-X-PART, ...) and its URI lines (RFC 8216 4.1), as written, query included.
 */
public final class PlaylistUris {
  private static final Pattern QUOTED_URI = Pattern.compile("URI=\"([^\"]+)\"");

  private PlaylistUris() {}

  /** The URIs of {@code playlist}. */
  public static List<String> of(String playlist) {
    List<String> out = new ArrayList<>();
    for (String line : playlist.split("\n")) {
      if (line.startsWith("#")) {
        Matcher m = QUOTED_URI.matcher(line);
        while (m.find()) {
          out.add(m.group(1));
        }
      } else if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }
}
