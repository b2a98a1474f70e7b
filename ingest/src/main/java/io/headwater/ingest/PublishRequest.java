package io.headwater.ingest;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What a publisher asked for. query holds the decoded ?k=v parameters of app and stream name;
 * type is the publish command's type argument: {@code live}, {@code record} or {@code append}.
 */
public record PublishRequest(String app, String stream, Map<String, String> query,
    InetSocketAddress remote, String connectionId, String type) {
  public static final String LIVE = "live";
  public static final String RECORD = "record";
  public static final String APPEND = "append";

  public PublishRequest {
    query = Map.copyOf(query);
    if (!LIVE.equals(type) && !RECORD.equals(type) && !APPEND.equals(type)) {
      throw new IllegalArgumentException("publish type " + type);
    }
  }

  /** A live publish. */
  public PublishRequest(String app, String stream, Map<String, String> query,
      InetSocketAddress remote, String connectionId) {
    this(app, stream, query, remote, connectionId, LIVE);
  }

  /** Whether the publisher asked for the stream to be recorded ({@code record} or {@code append}). */
  public boolean asksForRecording() {
    return !LIVE.equals(type);
  }
}
