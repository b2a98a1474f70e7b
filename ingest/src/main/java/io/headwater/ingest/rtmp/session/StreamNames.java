package io.headwater.ingest.rtmp.session;

import io.headwater.ingest.PublishRejectedException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks RTMP application and stream names before they reach paths or URLs: 1..64 characters of
 * [A-Za-z0-9._-], not starting with '.', without "..", and no application named like one of the
 * origin's own paths.
 */
public final class StreamNames {
  /** The onStatus code of a refused name. */
  public static final String BAD_NAME = "NetStream.Publish.BadName";
  /** Application names the HTTP origin uses for itself (DESIGN.md, "Output contracts"). */
  public static final Set<String> RESERVED_APPS = Set.of("api", "metrics", "time", "healthz", "vod");

  private static final int MAX_LENGTH = 64;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

  private StreamNames() {}

  /** Throws {@link PublishRejectedException} with {@link #BAD_NAME} and the reason when invalid. */
  public static void validate(String app, String stream) throws PublishRejectedException {
    check("application", app);
    check("stream", stream);
    if (RESERVED_APPS.contains(app.toLowerCase(java.util.Locale.ROOT))) {
      throw new PublishRejectedException(BAD_NAME,
          "application name '" + app + "' is reserved by the origin");
    }
  }

  private static void check(String what, String name) throws PublishRejectedException {
    if (name == null || name.isEmpty()) {
      throw new PublishRejectedException(BAD_NAME, what + " name is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new PublishRejectedException(BAD_NAME,
          what + " name is longer than " + MAX_LENGTH + " characters");
    }
    if (!ALLOWED.matcher(name).matches()) {
      throw new PublishRejectedException(BAD_NAME,
          what + " name '" + printable(name) + "' has characters outside [A-Za-z0-9._-]");
    }
    if (name.startsWith(".")) {
      throw new PublishRejectedException(BAD_NAME, what + " name '" + name + "' starts with '.'");
    }
    if (name.contains("..")) {
      throw new PublishRejectedException(BAD_NAME, what + " name '" + name + "' contains '..'");
    }
  }

  private static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length() && i < MAX_LENGTH; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return sb.toString();
  }
}
