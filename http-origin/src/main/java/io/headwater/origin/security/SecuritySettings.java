package io.headwater.origin.security;

import io.headwater.origin.TlsConfig;
import io.headwater.origin.config.AppConfig;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.config.HttpLimitsSection;
import io.headwater.origin.config.LimitsSection;
import io.headwater.origin.config.PublishSection;
import io.headwater.origin.config.TlsSection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the origin checks of publishers and viewers, per RTMP application, from the
 * configuration's {@code apps.NAME.publish} and {@code apps.NAME.playback}, and the limits and
 * TLS ingest of {@code limits} and {@code rtmp.tls}.
 *
 * @param apps the applications listed under {@code apps}
 * @param publish the publish settings of applications that restrict publishing
 * @param playback the playback rules of applications that restrict playback
 * @param httpLimits per-client HTTP limits (rate, headers, slow clients)
 * @param ingestLimit the most one publisher may send
 * @param rtmpTls the RTMPS listener, or null for none
 */
public record SecuritySettings(Set<String> apps, Map<String, PublishSection> publish,
    Map<String, PlaybackRule> playback, HttpLimitsSection httpLimits, IngestLimit ingestLimit,
    TlsConfig rtmpTls) {
  /** Nothing restricted, default HTTP limits: what the origin does without a configuration. */
  public static final SecuritySettings OPEN = new SecuritySettings(Set.of(), Map.of(), Map.of(),
      HttpLimitsSection.defaults(), IngestLimit.NONE, null);

  public SecuritySettings {
    apps = Set.copyOf(apps);
    publish = Map.copyOf(publish);
    playback = Map.copyOf(playback);
    Objects.requireNonNull(httpLimits, "httpLimits");
    Objects.requireNonNull(ingestLimit, "ingestLimit");
  }

  /** The restrictions that {@code config} asks for. */
  public static SecuritySettings from(HeadwaterConfig config) {
    Map<String, PublishSection> publish = new HashMap<>();
    Map<String, PlaybackRule> playback = new HashMap<>();
    for (Map.Entry<String, AppConfig> e : config.apps().entrySet()) {
      AppConfig app = e.getValue();
      if (app.publish().restricted()) {
        publish.put(e.getKey(), app.publish());
      }
      PlaybackRule rule = new PlaybackRule(app.playback().signingSecret(),
          app.playback().addressList());
      if (rule.needsToken() || !rule.addresses().isOpen()) {
        playback.put(e.getKey(), rule);
      }
    }
    LimitsSection limits = config.limits();
    IngestLimit ingest = new IngestLimit(limits.maxIngestBitrate() == null ? 0
        : limits.maxIngestBitrate().bitsPerSecond(), limits.ingestBitrateWindow());
    TlsSection tls = config.rtmp().tls();
    TlsConfig rtmpTls = tls == null ? null
        : new TlsConfig(tls.port(), Path.of(tls.certificate()), Path.of(tls.privateKey()));
    return new SecuritySettings(config.apps().keySet(), publish, playback, limits.http(), ingest,
        rtmpTls);
  }

  /** These settings with other HTTP limits. */
  public SecuritySettings withHttpLimits(HttpLimitsSection limits) {
    return new SecuritySettings(apps, publish, playback, limits, ingestLimit, rtmpTls);
  }

  /** These settings with another ingest limit. */
  public SecuritySettings withIngestLimit(IngestLimit limit) {
    return new SecuritySettings(apps, publish, playback, httpLimits, limit, rtmpTls);
  }

  /** These settings with an RTMPS listener (null: none). */
  public SecuritySettings withRtmpTls(TlsConfig tls) {
    return new SecuritySettings(apps, publish, playback, httpLimits, ingestLimit, tls);
  }

  /** The playback rule of {@code app}, or null when its streams are open to everyone. */
  public PlaybackRule playbackRule(String app) {
    return playback.get(app);
  }
}
