package io.headwater.ingest;

import java.net.InetSocketAddress;
import java.util.Map;

/** What a publisher asked for. query holds the decoded ?k=v parameters of app and stream name. */
public record PublishRequest(String app, String stream, Map<String, String> query,
    InetSocketAddress remote, String connectionId) {
  public PublishRequest {
    query = Map.copyOf(query);
  }
}
