package io.headwater.origin;

import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.ladder.AbrSettings;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.recording.RecordingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the origin needs to start: where to listen and how to package.
 *
 * @param bindAddress the address both listeners bind (0.0.0.0 for all, 127.0.0.1 for loopback)
 * @param rtmpPort the RTMP port; 0 picks any free port
 * @param httpPort the HTTP port; 0 picks any free port
 * @param streamSettings packaging settings applied to every RTMP application
 * @param corsAllowOrigins web origins allowed by CORS: {@code ["*"]} (any) or exact origins such
 *     as {@code https://player.example}, echoed in Access-Control-Allow-Origin
 * @param demo whether to publish the sample media as live/demo in a loop
 * @param httpTls the HTTPS listener, or null for plain HTTP only
 * @param appSettings packaging settings of RTMP applications that differ from streamSettings
 * @param accessLog whether every HTTP request is logged (logger headwater.access)
 * @param dataDir where the origin writes files (recordings), default {@code ./data}
 * @param rtmpLimits RTMP connection and publisher limits
 * @param recording which streams are recorded and how long recordings are kept; the files go
 *     under {@code dataDir} (its own data directory is replaced by that)
 * @param abrByApp ABR settings of RTMP applications that differ from {@link AbrSettings#DEFAULTS}
 */
public record OriginConfig(
    String bindAddress,
    int rtmpPort,
    int httpPort,
    StreamSettings streamSettings,
    List<String> corsAllowOrigins,
    boolean demo,
    TlsConfig httpTls,
    Map<String, StreamSettings> appSettings,
    boolean accessLog,
    Path dataDir,
    ConnectionLimits rtmpLimits,
    RecordingSettings recording,
    Map<String, AbrSettings> abrByApp) {
  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("./data");
  public static final int DEFAULT_RTMP_PORT = 1935;
  public static final int DEFAULT_HTTP_PORT = 8080;

  public OriginConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(streamSettings, "streamSettings");
    corsAllowOrigins = List.copyOf(corsAllowOrigins);
    if (corsAllowOrigins.isEmpty()) {
      throw new IllegalArgumentException("CORS allowOrigins must list \"*\" or some origins");
    }
    appSettings = Map.copyOf(appSettings);
    abrByApp = Map.copyOf(abrByApp);
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(rtmpLimits, "rtmpLimits");
    recording = recording == null ? RecordingSettings.OFF : recording.withDataDir(dataDir);
    checkPort("rtmp port", rtmpPort);
    checkPort("http port", httpPort);
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0..65535, was " + port);
    }
  }

  /** The defaults: all addresses, ports 1935 and 8080, DESIGN.md's packaging defaults. */
  public static OriginConfig defaults() {
    return new OriginConfig("0.0.0.0", DEFAULT_RTMP_PORT, DEFAULT_HTTP_PORT,
        StreamSettings.DEFAULTS, List.of("*"), false, null, Map.of(), true, DEFAULT_DATA_DIR,
        ConnectionLimits.DEFAULTS, RecordingSettings.OFF, Map.of());
  }

  public OriginConfig withPorts(int rtmp, int http) {
    return new OriginConfig(bindAddress, rtmp, http, streamSettings, corsAllowOrigins, demo,
        httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  public OriginConfig withBindAddress(String address) {
    return new OriginConfig(address, rtmpPort, httpPort, streamSettings, corsAllowOrigins, demo,
        httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  public OriginConfig withStreamSettings(StreamSettings settings) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, settings, corsAllowOrigins, demo,
        httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  public OriginConfig withDemo(boolean on) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins, on,
        httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  /** Allows CORS requests from {@code origins} ({@code ["*"]} for any). */
  public OriginConfig withCorsAllowOrigins(List<String> origins) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, origins, demo,
        httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  /** Adds an HTTPS listener (null removes it). */
  public OriginConfig withHttpTls(TlsConfig tls) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, tls, appSettings, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  /** Per-application settings; applications not in the map use {@link #streamSettings()}. */
  public OriginConfig withAppSettings(Map<String, StreamSettings> byApp) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, byApp, accessLog, dataDir, rtmpLimits, recording, abrByApp);
  }

  /** Turns the HTTP access log on or off. */
  public OriginConfig withAccessLog(boolean on) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, appSettings, on, dataDir, rtmpLimits, recording, abrByApp);
  }

  /** Sets the directory the origin writes files to (recordings). */
  public OriginConfig withDataDir(Path dir) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, appSettings, accessLog, dir, rtmpLimits, recording, abrByApp);
  }

  /** Sets the RTMP connection and publisher limits. */
  public OriginConfig withRtmpLimits(ConnectionLimits limits) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, appSettings, accessLog, dataDir, limits, recording, abrByApp);
  }

  /** The RTMP server's defaults with {@link #rtmpLimits()}; the origin sets address and port. */
  public RtmpServerConfig rtmpServerConfig() {
    return rtmpLimits.applyTo(RtmpServerConfig.defaults());
  }

  /** Sets which streams are recorded and the retention of recordings (under dataDir). */
  public OriginConfig withRecording(RecordingSettings settings) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, appSettings, accessLog, dataDir, rtmpLimits, settings, abrByApp);
  }

  /** The packaging settings of RTMP application {@code app}. */
  public StreamSettings settingsFor(String app) {
    return appSettings.getOrDefault(app, streamSettings);
  }

  /** Per-application ABR settings; applications not in the map use the defaults. */
  public OriginConfig withAbr(Map<String, AbrSettings> byApp) {
    return new OriginConfig(bindAddress, rtmpPort, httpPort, streamSettings, corsAllowOrigins,
        demo, httpTls, appSettings, accessLog, dataDir, rtmpLimits, recording, byApp);
  }

  /** The ABR settings (rendition naming, transcoding ladder) of RTMP application {@code app}. */
  public AbrSettings abrFor(String app) {
    return abrByApp.getOrDefault(app, AbrSettings.DEFAULTS);
  }
}
