package io.headwater.origin.browser;

/** The manifests Headwater serves for one stream, relative to {@code /APP/STREAM/}. */
public enum Format {
  HLS_CMAF("index.m3u8", "HLS CMAF"),
  HLS_TS("ts/index.m3u8", "HLS TS"),
  DASH("index.mpd", "DASH");

  private final String path;
  private final String label;

  Format(String path, String label) {
    this.path = path;
    this.label = label;
  }

  public String path() {
    return path;
  }

  public String label() {
    return label;
  }
}
