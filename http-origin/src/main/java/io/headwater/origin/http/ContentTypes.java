package io.headwater.origin.http;

/** Content-Type of each kind of object the origin serves. */
public final class ContentTypes {
  public static final String HLS_PLAYLIST = "application/vnd.apple.mpegurl";
  public static final String DASH_MPD = "application/dash+xml";
  public static final String MPEG_TS = "video/mp2t";
  public static final String MP4_VIDEO = "video/mp4";
  public static final String MP4_AUDIO = "audio/mp4";
  public static final String JPEG = "image/jpeg";
  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";
  public static final String HTML = "text/html; charset=utf-8";
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private ContentTypes() {}

  /** The type of a stored media object from its name. */
  public static String ofMediaName(String name) {
    if (name.endsWith(".ts")) {
      return MPEG_TS;
    }
    if (name.endsWith(".m4s") || name.endsWith(".mp4")) {
      return name.startsWith("a/") ? MP4_AUDIO : MP4_VIDEO;
    }
    return "application/octet-stream";
  }
}
