package io.headwater.origin.security;

import static io.headwater.origin.TestTls.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.headwater.origin.config.ConfigException;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.config.HeadwaterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The security keys of the configuration file: parsed, checked, and never echoed. */
class SecurityConfigTest {
  private final ConfigLoader loader = new ConfigLoader();

  private String error(String yaml) {
    Throwable t = catchThrowable(() -> loader.parse(yaml, List.of()));
    assertThat(t).as(yaml).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  @Test
  void publishAndPlaybackSettingsReachTheSecuritySettings() throws Exception {
    HeadwaterConfig c = loader.parse("""
        apps:
          live:
            publish:
              keys: { cam1: abc, "*": shared }
              signingSecret: 0123456789abcdef
              allow: ["10.0.0.0/8", "2001:db8::/32"]
            playback: { signingSecret: fedcba9876543210, deny: ["192.0.2.0/24"] }
          open: {}
        """, List.of());
    SecuritySettings s = SecuritySettings.from(c);
    assertThat(s.apps()).containsExactlyInAnyOrder("live", "open");
    assertThat(s.publish()).containsOnlyKeys("live");
    assertThat(s.publish().get("live").keys()).containsEntry("*", "shared");
    assertThat(s.playbackRule("live").needsToken()).isTrue();
    assertThat(s.playbackRule("open")).isNull();
    assertThat(SecuritySettings.from(loader.parse("", List.of()))).isEqualTo(
        SecuritySettings.OPEN);
  }

  @Test
  void theReadmesMinimalSecureConfigurationParsesIntoEveryDoor() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Security"));
    String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n",
        section.indexOf("```yaml\n") + 8));
    Path tls = resource("localhost-cert.pem").getParent();
    yaml = yaml.replace("/etc/letsencrypt/live/example.com/fullchain.pem",
        tls.resolve("localhost-cert.pem").toString())
        .replace("/etc/letsencrypt/live/example.com/privkey.pem",
            tls.resolve("localhost-key.pem").toString());
    HeadwaterConfig c = loader.parse(yaml, List.of());
    SecuritySettings s = SecuritySettings.from(c);
    assertThat(s.publish()).containsKey("live");
    assertThat(s.playbackRule("live").needsToken()).isTrue();
    assertThat(c.http().tls()).isNotNull();
    assertThat(s.rtmpTls().port()).isEqualTo(1936);
    assertThat(s.ingestLimit().maxBitsPerSecond()).isEqualTo(20_000_000L);
    assertThat(s.httpLimits().requestsPerSecond()).isEqualTo(50);
  }

  @Test
  void badValuesNameTheKeyButNeverTheSecret() {
    assertThat(error("apps: { live: { publish: { signingSecret: short-secret } } }"))
        .contains("apps.live.publish.signingSecret").contains("at least 16 characters")
        .doesNotContain("short-secret");
    assertThat(error("apps: { live: { playback: { signingSecret: tiny } } }"))
        .contains("apps.live.playback.signingSecret").doesNotContain("tiny");
    assertThat(error("apps: { live: { publish: { keys: { 'a/b': topsecret } } } }"))
        .contains("apps.live.publish.keys.a/b").doesNotContain("topsecret");
    assertThat(error("apps: { live: { publish: { allow: ['10.0.0.0/33'] } } }"))
        .contains("apps.live.publish.allow").contains("'10.0.0.0/33'");
    assertThat(error("apps: { live: { playback: { deny: ['example.com'] } } }"))
        .contains("apps.live.playback.deny");
    assertThat(error("apps: { live: { publish: { webhook: { url: 'ftp://x/y' } } } }"))
        .contains("apps.live.publish.webhook.url").contains("http:// or https://");
    assertThat(error("apps: { live: { publish: { takeover: true } } }"))
        .contains("apps.live.publish.takeover").contains("unless keys, signingSecret or webhook");
  }
}
