package io.headwater.origin.security;

/**
 * The application, stream and rest of a request path {@code /APP/STREAM/REST}, split exactly as
 * the stream routes split it, so that a check and the route it guards agree on the stream.
 *
 * @param app the first segment
 * @param stream the second segment
 * @param rest everything after the second slash
 */
record StreamPath(String app, String stream, String rest) {
  /** The parts of {@code path}, or null when it has fewer than three segments. */
  static StreamPath of(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String[] parts = path.substring(1).split("/", 3);
    return parts.length < 3 ? null : new StreamPath(parts[0], parts[1], parts[2]);
  }

  /** The prefix a playback token covers: {@code /APP/STREAM/}. */
  String prefix() {
    return "/" + app + "/" + stream + "/";
  }
}
