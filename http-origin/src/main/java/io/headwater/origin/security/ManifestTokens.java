package io.headwater.origin.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes every URI of a rendered manifest carry the request's token, so that a player that got
 * the manifest with {@code ?token=...&exp=...} sends it with every segment, part, init segment
 * and playlist it fetches next: hls.js, dash.js and Safari resolve relative URIs against the
 * manifest URL but drop its query. Absolute URIs (with a scheme) are left alone, so that a token
 * never leaks to another host.
 */
public final class ManifestTokens {
  /** A quoted URI attribute of an HLS tag (RFC 8216 4.2: quoted-string). */
  private static final Pattern HLS_URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
  /** SegmentTemplate@initialization and @media (ISO/IEC 23009-1 5.3.9.4.2). */
  private static final Pattern MPD_TEMPLATE_ATTRIBUTE =
      Pattern.compile("\\b(initialization|media)=\"([^\"]*)\"");
  private static final Pattern MPD_BASE_URL = Pattern.compile("<BaseURL>([^<]*)</BaseURL>");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private ManifestTokens() {}

  /** An HLS playlist with {@code query} (e.g. {@code token=...&exp=...}) on every URI. */
  public static String hls(String playlist, String query) {
    StringBuilder out = new StringBuilder(playlist.length() + 256);
    for (String line : playlist.split("\n", -1)) {
      if (line.startsWith("#")) {
        out.append(replace(HLS_URI_ATTRIBUTE, line, 1, query, false));
      } else if (line.isBlank()) {
        out.append(line);
      } else {
        out.append(withQuery(line, query, false));
      }
      out.append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /** A DASH MPD with {@code query} on its template URLs and BaseURLs, XML-escaped. */
  public static String mpd(String mpd, String query) {
    String templates = replace(MPD_TEMPLATE_ATTRIBUTE, mpd, 2, query, true);
    return replace(MPD_BASE_URL, templates, 1, query, true);
  }

  private static String replace(Pattern pattern, String text, int group, String query,
      boolean xml) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 256);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start(group));
      out.append(withQuery(m.group(group), query, xml));
      last = m.end(group);
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private static String withQuery(String uri, String query, boolean xml) {
    if (uri.isEmpty() || SCHEME.matcher(uri).find()) {
      return uri;
    }
    String separator = uri.contains("?") ? "&" : "?";
    String tail = separator + query;
    return uri + (xml ? tail.replace("&", "&amp;") : tail);
  }
}
