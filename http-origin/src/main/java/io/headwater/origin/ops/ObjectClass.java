package io.headwater.origin.ops;

/** What an HTTP request asked for, as the {@code class} label of the request metrics. */
public enum ObjectClass {
  PLAYLIST, MPD, SEGMENT, INIT, PART, THUMBNAIL, API, METRICS, PAGE, HEALTH, OTHER;

  /** Classifies a request path such as {@code /live/cam/v/abc-12.m4s}. */
  public static ObjectClass of(String path) {
    if (path.equals("/") || path.startsWith("/assets/")) {
      return PAGE;
    }
    if (path.startsWith("/api/")) {
      return API;
    }
    if (path.equals("/metrics")) {
      return METRICS;
    }
    if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/time")) {
      return HEALTH;
    }
    if (path.endsWith(".m3u8")) {
      return PLAYLIST;
    }
    if (path.endsWith(".mpd")) {
      return MPD;
    }
    if (path.endsWith("thumbnail.jpg")) {
      return THUMBNAIL;
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    if (file.startsWith("init")) {
      return INIT;
    }
    if (file.contains(".p") || file.contains("-p")) {
      return PART;
    }
    if (file.endsWith(".ts") || file.endsWith(".m4s") || file.endsWith(".mp4")) {
      return SEGMENT;
    }
    return OTHER;
  }

  /** Whether a request for this class makes its client a viewer of the stream. */
  public boolean countsAsViewing() {
    return this == PLAYLIST || this == MPD || this == SEGMENT || this == INIT || this == PART;
  }

  /** The label value. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
