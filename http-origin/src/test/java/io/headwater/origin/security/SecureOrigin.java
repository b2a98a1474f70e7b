package io.headwater.origin.security;

import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.pipeline.StreamSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real origin on loopback configured by a YAML text, for the security tests. */
final class SecureOrigin implements AutoCloseable {
  final OriginServer server;
  final Http http;

  SecureOrigin(String yaml) throws Exception {
    HeadwaterConfig config = new ConfigLoader().parse(yaml, List.of());
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(1), 6, Duration.ofSeconds(1),
        Duration.ofMinutes(5));
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withStreamSettings(settings).withAccessLog(false), Clock.systemUTC(),
        SecuritySettings.from(config));
    http = new Http(server.httpPort());
  }

  String rtmpUrl(String pathAndQuery) {
    return "rtmp://127.0.0.1:" + server.rtmpPort() + "/" + pathAndQuery;
  }

  /** Publishes the first 2 s of the sample as fast as ffmpeg can, and waits for it to end. */
  Tools.Result publish(String pathAndQuery) throws Exception {
    return Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-t", "2", "-c", "copy",
        "-f", "flv", rtmpUrl(pathAndQuery)), 60);
  }

  /** Whether a stream app/stream was ever accepted. */
  boolean exists(String app, String stream) {
    return server.registry().get(app, stream) != null;
  }

  @Override
  public void close() {
    server.close();
  }
}
