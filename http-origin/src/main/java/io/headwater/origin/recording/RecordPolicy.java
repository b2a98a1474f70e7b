package io.headwater.origin.recording;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which streams are recorded, per RTMP application (the {@code apps.NAME.record} key): {@code
 * "true"} records every stream of the application, {@code "false"} none, anything else is a glob
 * over the stream name ({@code *} any run of characters, {@code ?} one character), e.g. {@code
 * "show-*"}.
 *
 * @param byApp the value of each application that has one
 * @param otherApps the value for applications not in {@code byApp}
 */
public record RecordPolicy(Map<String, String> byApp, String otherApps) {
  /** Records nothing. */
  public static final RecordPolicy NONE = new RecordPolicy(Map.of(), "false");

  /** Records every stream of every application. */
  public static final RecordPolicy ALL = new RecordPolicy(Map.of(), "true");

  public RecordPolicy {
    byApp = Map.copyOf(byApp);
    Objects.requireNonNull(otherApps, "otherApps");
  }

  /** Whether some stream could be recorded at all. */
  public boolean recordsAnything() {
    return !otherApps.equals("false") || byApp.values().stream().anyMatch(v -> !v.equals("false"));
  }

  /** Whether {@code app/stream} is recorded. */
  public boolean records(String app, String stream) {
    String value = byApp.getOrDefault(app, otherApps);
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false") || value.isEmpty()) {
      return false;
    }
    return glob(value).matcher(stream).matches();
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
