package io.headwater.origin.http;

/**
 * Checks the parts of a request path without regular expressions, since every segment request
 * passes these checks on the I/O thread: application and stream names are 1-64 characters of
 * {@code A-Z a-z 0-9 . _ -} (README, Names), object paths below a stream 1-128 of those and
 * {@code /}. ASCII only, so no look-alike character gets through.
 */
public final class PathChars {
  /** Longest application or stream name. */
  public static final int MAX_NAME = 64;
  /** Longest object path below {@code /APP/STREAM/}. */
  public static final int MAX_MEDIA = 128;

  private PathChars() {}

  /** Whether {@code s} is an application or stream name: {@code [A-Za-z0-9._-]{1,64}}. */
  public static boolean isName(String s) {
    return matches(s, MAX_NAME, /* slash= */ false);
  }

  /** Whether {@code s} may be an object path below a stream: {@code [A-Za-z0-9._/-]{1,128}}. */
  public static boolean isMediaPath(String s) {
    return matches(s, MAX_MEDIA, /* slash= */ true);
  }

  private static boolean matches(String s, int maxLength, boolean slash) {
    int n = s.length();
    if (n == 0 || n > maxLength) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || (slash && c == '/');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
