package io.headwater.origin.ladder;

import io.headwater.origin.security.ManifestTokens;
import io.headwater.origin.security.PlaybackRule;
import io.headwater.origin.security.PlaybackToken;
import io.headwater.origin.security.SecuritySettings;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playback tokens on the manifests of an ABR group of an application with {@code
 * playback.signingSecret}: a group manifest requested with a valid token for {@code /APP/NAME/}
 * carries that token on the URIs of the group's own stream and, on those of each rendition
 * {@code ../NAME_X/}, a token for {@code /APP/NAME_X/} with the same expiry (bound to the same
 * client when the group's token is), so that players follow every rendition with no custom code
 * while a rendition's objects stay behind its own token.
 */
public final class GroupTokens {
  /** No application needs tokens. */
  public static final GroupTokens NONE = new GroupTokens(Map.of());

  /** A quoted URI attribute of an HLS tag (RFC 8216 4.2: quoted-string). */
  private static final Pattern HLS_URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
  /** A Representation element starts (ISO/IEC 23009-1 5.3.5): its BaseURL and template follow. */
  private static final String REPRESENTATION = "<Representation ";
  private static final Pattern BASE_URL = Pattern.compile("<BaseURL>([^<]*)</BaseURL>");

  private final Map<String, PlaybackToken> byApp;

  private GroupTokens(Map<String, PlaybackToken> byApp) {
    this.byApp = Map.copyOf(byApp);
  }

  /** The token checkers of the applications of {@code settings} that need a token. */
  public static GroupTokens of(SecuritySettings settings, Clock clock) {
    Map<String, PlaybackToken> byApp = new HashMap<>();
    for (String app : settings.playback().keySet()) {
      PlaybackRule rule = settings.playbackRule(app);
      if (rule != null && rule.needsToken()) {
        byApp.put(app, new PlaybackToken(rule.signingSecret(), clock));
      }
    }
    return new GroupTokens(byApp);
  }

  /**
   * The query each member's URIs carry (key: its {@link Rendition#base()}, empty for the group's
   * own stream), for a request of group {@code group} of {@code app} with {@code token} and
   * {@code exp} from {@code client}; null when the application needs no token or the request
   * has none that is valid for the group (the playback guard refused it already).
   */
  public Map<String, String> queries(String app, String group, List<Rendition> members,
      String token, String exp, InetAddress client) {
    PlaybackToken signer = byApp.get(app);
    if (signer == null || token == null || exp == null) {
      return null;
    }
    String groupPrefix = "/" + app + "/" + group + "/";
    if (signer.check(groupPrefix, token, exp, client) != PlaybackToken.Verdict.VALID) {
      return null;
    }
    Map<String, String> queries = new HashMap<>();
    // Valid, so a signature in hex or base64url and digits: safe in a URI unescaped.
    queries.put("", query(token, exp));
    for (Rendition r : members) {
      if (!r.base().isEmpty()) {
        String derived = signer.derive(groupPrefix, token, exp, client,
            "/" + app + "/" + r.name() + "/");
        queries.put(r.base(), query(derived, exp));
      }
    }
    return queries;
  }

  private static String query(String token, String exp) {
    return PlaybackToken.TOKEN_PARAMETER + "=" + token + "&" + PlaybackToken.EXPIRY_PARAMETER
        + "=" + exp;
  }

  /**
   * A group multivariant playlist ({@code index.m3u8} or {@code ts/abr.m3u8}) with each URI
   * carrying the query of the member it points into.
   */
  public static String hls(String playlist, Map<String, String> queries) {
    StringBuilder out = new StringBuilder(playlist.length() + 512);
    for (String line : playlist.split("\n", -1)) {
      String uri = line;
      if (line.startsWith("#")) {
        Matcher m = HLS_URI_ATTRIBUTE.matcher(line);
        uri = m.find() ? m.group(1) : null;
      }
      out.append(uri == null || uri.isBlank() ? line
          : ManifestTokens.hls(line, queryOf(uri, queries))).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /**
   * A group MPD with each Representation's templates carrying the query of the member its
   * BaseURL names (the group's own query where it has none).
   */
  public static String mpd(String mpd, Map<String, String> queries) {
    StringBuilder out = new StringBuilder(mpd.length() + 1024);
    int from = 0;
    while (from < mpd.length()) {
      int next = mpd.indexOf(REPRESENTATION, from + 1);
      int end = next < 0 ? mpd.length() : next;
      String chunk = mpd.substring(from, end);
      Matcher base = BASE_URL.matcher(chunk);
      String query = base.find() ? queries.getOrDefault(base.group(1), queries.get(""))
          : queries.get("");
      out.append(ManifestTokens.mpd(chunk, query));
      from = end;
    }
    return out.toString();
  }

  /** The query of the member {@code uri} points into: {@code ../NAME/...} (any depth of ../). */
  private static String queryOf(String uri, Map<String, String> queries) {
    String path = uri;
    while (path.startsWith("../")) {
      path = path.substring(3);
    }
    int slash = path.indexOf('/');
    if (slash > 0) {
      String query = queries.get("../" + path.substring(0, slash + 1));
      if (query != null) {
        return query;
      }
    }
    return queries.get("");
  }
}
