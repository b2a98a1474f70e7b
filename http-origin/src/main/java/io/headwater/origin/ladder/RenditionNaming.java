package io.headwater.origin.ladder;

import java.util.List;

/**
 * How the stream names of one RTMP application map to ABR groups ({@code apps.NAME.renditions}):
 * with no suffixes configured, {@code NAME_ANYTHING} is a rendition of group {@code NAME} (the
 * last {@code _} splits); with suffixes, a name ending in one of them (e.g. {@code -hd}) is a
 * rendition of the name without it. A stream named like the group itself is its top rendition
 * (the source of a transcoding ladder).
 *
 * @param suffixes the rendition suffixes, separator included; empty for the {@code _} rule
 */
public record RenditionNaming(List<String> suffixes) {
  /** The default: a {@code _} suffix makes a rendition. */
  public static final RenditionNaming UNDERSCORE = new RenditionNaming(List.of());

  public RenditionNaming {
    suffixes = List.copyOf(suffixes);
    for (String suffix : suffixes) {
      if (suffix.isEmpty()) {
        throw new IllegalArgumentException("an empty rendition suffix");
      }
    }
  }

  /** The group {@code stream} is a rendition of, or null when it is none. */
  public String groupOf(String stream) {
    if (suffixes.isEmpty()) {
      int split = stream.lastIndexOf('_');
      return split > 0 && split < stream.length() - 1 ? stream.substring(0, split) : null;
    }
    for (String suffix : suffixes) {
      if (stream.length() > suffix.length() && stream.endsWith(suffix)) {
        return stream.substring(0, stream.length() - suffix.length());
      }
    }
    return null;
  }
}
