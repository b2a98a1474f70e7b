package io.headwater.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  private HeadwaterConfig parse(String yaml) throws ConfigException {
    return loader.parse(yaml, List.of());
  }

  private String error(String yaml) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parse(yaml));
    assertThat(t).as("config %s", yaml).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  @Test
  void noFileGivesEveryDefault() throws Exception {
    HeadwaterConfig c = loader.load(null, List.of());
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    assertThat(c.rtmp().port()).isEqualTo(1935);
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().cors().allowOrigins()).containsExactly("*");
    assertThat(c.dataDir()).isEqualTo("./data");
    assertThat(c.limits().maxConnections()).isEqualTo(1000);
    assertThat(c.limits().maxConnectionsPerIp()).isEqualTo(50);
    assertThat(c.limits().maxPublishers()).isEqualTo(500);
    assertThat(c.http().tls()).isNull();
    assertThat(c.logging().accessLog()).isTrue();
    assertThat(c.app("anything").streamSettings())
        .isEqualTo(io.headwater.origin.pipeline.StreamSettings.DEFAULTS);
    assertThat(c.app("anything").lowLatency().enabled()).isTrue();
    assertThat(c.app("anything").lowLatency().partTarget()).isEqualTo(Duration.ofMillis(340));
    assertThat(c.app("anything").segmentDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.app("anything").playlistSegments()).isEqualTo(6);
    assertThat(c.app("anything").reconnectGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("")).isEqualTo(c);
  }

  @Test
  void theExampleFileParsesAndEqualsTheDefaults() throws Exception {
    Path example = Path.of("..", "config", "headwater.example.yaml");
    HeadwaterConfig c = loader.load(example, List.of());
    assertThat(c.apps()).containsOnlyKeys("live");
    assertThat(c.app("live")).isEqualTo(AppConfig.defaults());
    assertThat(c).isEqualTo(new HeadwaterConfig(null, null, null, null,
        Map.of("live", AppConfig.defaults()), null, null, null, null));
  }

  @Test
  void perAppSettingsAndTypedValues() throws Exception {
    HeadwaterConfig c = parse("""
        apps:
          live: { segmentDuration: 2s, playlistSegments: 6 }
          event:
            segmentDuration: 6s
            playlistSegments: 10
            reconnectGrace: 2m
            lowLatency: { partTarget: 500ms }
        http: { cors: { allowOrigins: ["https://player.example.com", "http://localhost:3000"] } }
        limits: { maxConnections: 20 }
        recordings: { retention: { maxAge: 30d, maxSize: 100G } }
        """);
    assertThat(c.app("event").segmentDuration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(c.app("event").streamSettings().playlistSegments()).isEqualTo(10);
    assertThat(c.app("event").reconnectGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.app("event").lowLatency().partTarget()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.app("live").segmentDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.app("other")).isEqualTo(AppConfig.defaults());
    assertThat(c.http().cors().allowOrigins())
        .containsExactly("https://player.example.com", "http://localhost:3000");
    assertThat(c.limits().maxConnections()).isEqualTo(20);
    assertThat(c.recordings().retention().maxSize().bytes()).isEqualTo(100L << 30);
  }

  @Test
  void unknownKeysNameTheKeyAndWhatIsAllowed() {
    assertThat(error("apps: { live: { segmentDurations: 2s } }"))
        .contains("unknown key 'apps.live.segmentDurations'")
        .contains("segmentDuration").contains("playlistSegments");
    assertThat(error("htp: { port: 80 }")).contains("unknown key 'htp'").contains("http");
    assertThat(error("http: { cors: { allowOrigin: ['*'] } }"))
        .contains("unknown key 'http.cors.allowOrigin'").contains("allowOrigins");
  }

  @Test
  void wrongTypesNameTheKeyTheValueAndWhatIsAllowed() {
    assertThat(error("http: { port: eighty }"))
        .contains("http.port").contains("'eighty'").contains("a whole number");
    assertThat(error("http: { port: 80.5 }")).contains("http.port");
    assertThat(error("apps: { live: { segmentDuration: 2 } }"))
        .contains("apps.live.segmentDuration").contains("'2'").contains("500ms");
    assertThat(error("apps: { live: { segmentDuration: 2 sec } }"))
        .contains("apps.live.segmentDuration").contains("'2 sec'");
    assertThat(error("recordings: { retention: { maxSize: lots } }"))
        .contains("recordings.retention.maxSize").contains("'lots'").contains("100G");
    assertThat(error("logging: { accessLog: maybe }"))
        .contains("logging.accessLog").contains("true or false");
    assertThat(error("apps: { live: { renditions: _720 } }")).contains("apps.live.renditions");
    assertThat(error("- a list")).contains("must be a mapping");
    assertThat(error("http: { port: 1, port: 2 }")).contains("not valid YAML").contains("port");
  }

  @Test
  void outOfRangeValuesNameTheKeyAndTheRange() {
    assertThat(error("http: { port: 70000 }"))
        .contains("http.port").contains("'70000'").contains("0 to 65535");
    assertThat(error("apps: { live: { playlistSegments: 2 } }"))
        .contains("apps.live.playlistSegments").contains("'2'").contains("3 to 1000");
    assertThat(error("apps: { live: { segmentDuration: 90s } }"))
        .contains("apps.live.segmentDuration").contains("'90s'").contains("100ms to 1m");
    assertThat(error("logging: { level: loud }"))
        .contains("logging.level").contains("'loud'").contains("debug");
    assertThat(error("apps: { api: {} }")).contains("apps.api").contains("reserved");
    assertThat(error("bind: not.a.host.invalid")).contains("bind");
  }

  @Test
  void lowLatencyMapsToThePartTargetOrOff() throws Exception {
    HeadwaterConfig c = parse("""
        apps:
          live: { lowLatency: { enabled: false } }
          event: { segmentDuration: 6s, lowLatency: { enabled: true, partTarget: 1s } }
          quick: { segmentDuration: 1s, lowLatency: { enabled: true, partTarget: 200ms } }
          on: { lowLatency: { enabled: true } }
        """);
    assertThat(c.app("live").streamSettings().lowLatency()).isFalse();
    assertThat(c.app("live").streamSettings().partTarget()).isZero();
    assertThat(c.app("event").streamSettings().partTarget()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.app("quick").streamSettings().partTarget()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.app("on").streamSettings().partTarget()).isEqualTo(Duration.ofMillis(340));
    assertThat(error("apps: { live: { segmentDuration: 1s, lowLatency: "
        + "{ enabled: true, partTarget: 600ms } } }"))
        .contains("apps.live.lowLatency.partTarget").contains("'600ms'")
        .contains("half the segmentDuration (500ms)").contains("enabled: false");
    assertThat(error("apps: { live: { lowLatency: { partTarget: 50ms } } }"))
        .contains("apps.live.lowLatency.partTarget").contains("'50ms'");
    assertThat(parse("apps: { live: { segmentDuration: 1s, lowLatency: "
        + "{ enabled: false, partTarget: 900ms } } }").app("live").streamSettings().lowLatency())
        .isFalse();
    // Low latency by default, but segments too short for two default parts: no parts, no error.
    assertThat(parse("apps: { tiny: { segmentDuration: 500ms } }").app("tiny").streamSettings()
        .lowLatency()).isFalse();
    // Asked for by name, it is checked: the default part target does not fit 500 ms segments.
    assertThat(error("apps: { tiny: { segmentDuration: 500ms, lowLatency: { enabled: true } } }"))
        .contains("apps.tiny.lowLatency.partTarget").contains("'340ms'")
        .contains("half the segmentDuration (250ms)");
  }

  @Test
  void httpsNeedsReadablePemFilesAndDefaultsToPort8443(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    HeadwaterConfig c = parse("http: { tls: { certificate: '" + cert + "', privateKey: '" + key
        + "' } }");
    assertThat(c.http().tls().port()).isEqualTo(8443);
    assertThat(c.http().tls().certificate()).isEqualTo(cert.toString());
    assertThat(error("http: { tls: { port: 8443 } }"))
        .contains("http.tls.certificate").contains("PEM file");
    assertThat(error("http: { tls: { certificate: '" + cert + "', privateKey: '"
        + dir.resolve("missing.pem") + "' } }"))
        .contains("http.tls.privateKey").contains("missing.pem").contains("readable");
    assertThat(error("http: { tls: { port: 70000, certificate: '" + cert + "', privateKey: '"
        + key + "' } }")).contains("http.tls.port").contains("0 to 65535");
    assertThat(error("http: { tls: { certificate: '" + cert + "', privateKey: '" + key
        + "', password: x } }")).contains("unknown key 'http.tls.password'");
  }

  @Test
  void connectionLimitsParseAndAreBounded() throws Exception {
    LimitsSection l = parse("limits: { maxConnections: 10, maxConnectionsPerIp: 2, "
        + "maxPublishers: 3 }").limits();
    assertThat(l.maxConnections()).isEqualTo(10);
    assertThat(l.maxConnectionsPerIp()).isEqualTo(2);
    assertThat(l.maxPublishers()).isEqualTo(3);
    assertThat(error("limits: { maxPublishers: 0 }"))
        .contains("limits.maxPublishers").contains("'0'").contains("1 to 100000");
    assertThat(error("limits: { maxConnectionsPerIp: -1 }"))
        .contains("limits.maxConnectionsPerIp").contains("'-1'");
  }

  @Test
  void featuresNotBuiltYetAcceptOnlyTheirDefault() {
    assertThat(error("apps: { live: { dvrWindow: 8d } }"))
        .contains("apps.live.dvrWindow").contains("'8d'");
    assertThat(error("apps: { live: { record: 'a/b' } }"))
        .contains("apps.live.record").contains("stream-name pattern");
    assertThat(error("rtmp: { tls: { port: 1936 } }")).contains("rtmp.tls.certificate");
    assertThat(error("storage: { type: s3 }")).contains("storage.s3");
    assertThat(error("limits: { maxIngestBitrate: 5k }"))
        .contains("limits.maxIngestBitrate").contains("at least 10k");
    assertThat(error("limits: { http: { maxHeaders: 5 } }")).contains("limits.http.maxHeaders");
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("h.yaml");
    Files.writeString(file, "http: { port: 1000 }\nrtmp: { port: 2000 }\ndataDir: /file\n");
    List<Setting> env = EnvironmentSettings.from(Map.of(
        "HEADWATER_HTTP_PORT", "3000", "HEADWATER_DATA_DIR", "/env", "UNRELATED", "x"));
    List<Setting> flags = List.of(new Setting("http.port", "4000", "--http-port"));
    HeadwaterConfig c = loader.load(file, concat(env, flags));
    assertThat(c.http().port()).isEqualTo(4000);
    assertThat(c.dataDir()).isEqualTo("/env");
    assertThat(c.rtmp().port()).isEqualTo(2000);
    assertThat(c.bind()).isEqualTo("0.0.0.0");
    HeadwaterConfig envOnly = loader.load(file, env);
    assertThat(envOnly.http().port()).isEqualTo(3000);
    assertThat(loader.load(file, List.of()).http().port()).isEqualTo(1000);
  }

  @Test
  void aBadOverrideNamesItsSource() {
    List<Setting> env = EnvironmentSettings.from(Map.of("HEADWATER_RTMP_PORT", "x"));
    assertThatThrownBy(() -> loader.load(null, env)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("rtmp.port").hasMessageContaining("'x'")
        .hasMessageContaining("environment variable HEADWATER_RTMP_PORT");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml")
        .hasMessageContaining("does not exist");
  }

  private static List<Setting> concat(List<Setting> a, List<Setting> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
