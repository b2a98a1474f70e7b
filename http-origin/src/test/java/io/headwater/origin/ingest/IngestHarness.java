package io.headwater.origin.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.Http;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.StreamSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real origin on loopback for ingest tests: 2 s segments, 1 s reconnect grace. */
final class IngestHarness implements AutoCloseable {
  final OriginServer server;
  final Http http;

  IngestHarness(RtmpServerConfig rtmp, PublishAuthorizer authorizer) throws IOException {
    this(rtmp, authorizer, Duration.ofSeconds(1));
  }

  IngestHarness(RtmpServerConfig rtmp, PublishAuthorizer authorizer, Duration reconnectGrace)
      throws IOException {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6, reconnectGrace,
        Duration.ofMinutes(5));
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withStreamSettings(settings), Clock.systemUTC(), rtmp, authorizer);
    http = new Http(server.httpPort());
  }

  static IngestHarness withDefaults() throws IOException {
    return new IngestHarness(RtmpServerConfig.loopback(0), PublishAuthorizer.ALLOW_ALL);
  }

  String rtmpUrl(String appAndStream) {
    return "rtmp://127.0.0.1:" + server.rtmpPort() + "/" + appAndStream;
  }

  String tsPlaylistPath(String stream) {
    return "/live/" + stream + "/ts/index.m3u8";
  }

  /** Waits for the TS playlist of live/stream to end (EXT-X-ENDLIST) and parses it. */
  MediaPlaylist awaitEnded(String stream, Duration timeout) throws Exception {
    return MediaPlaylist.parse(http.awaitText(tsPlaylistPath(stream), "#EXT-X-ENDLIST",
        timeout));
  }

  /** ffprobe's streams and format of the TS playlist of live/stream, read over HTTP. */
  JsonNode probe(String stream) throws Exception {
    return Tools.probe(http.url(tsPlaylistPath(stream)), "-show_streams", "-show_format");
  }

  /** ffmpeg's decode errors over the whole TS playlist of live/stream (empty when clean). */
  String decodeErrors(String stream) throws Exception {
    return Tools.decodeErrors(http.url(tsPlaylistPath(stream)));
  }

  /**
   * ffmpeg's decode errors over the listed TS segments of live/stream joined into one file, as
   * a player's buffer sees them across a discontinuity (empty when clean).
   */
  String decodeErrorsOfJoinedSegments(String stream, MediaPlaylist playlist) throws Exception {
    Path joined = Files.createTempFile("headwater-" + stream, ".ts");
    try {
      try (OutputStream out = Files.newOutputStream(joined)) {
        for (MediaPlaylist.Entry e : playlist.segments()) {
          out.write(http.get("/live/" + stream + "/ts/" + e.uri()).body());
        }
      }
      return Tools.decodeErrors(joined.toString());
    } finally {
      Files.deleteIfExists(joined);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
