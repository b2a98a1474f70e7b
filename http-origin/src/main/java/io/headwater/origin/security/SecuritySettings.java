package io.headwater.origin.security;

import io.headwater.origin.config.AppConfig;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.config.PublishSection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the origin checks of publishers and viewers, per RTMP application, from the
 * configuration's {@code apps.NAME.publish} and {@code apps.NAME.playback}.
 *
 * @param apps the applications listed under {@code apps}
 * @param publish the publish settings of applications that restrict publishing
 * @param playback the playback rules of applications that restrict playback
 */
public record SecuritySettings(Set<String> apps, Map<String, PublishSection> publish,
    Map<String, PlaybackRule> playback) {
  /** Nothing restricted: what the origin does without a configuration. */
  public static final SecuritySettings OPEN = new SecuritySettings(Set.of(), Map.of(), Map.of());

  public SecuritySettings {
    apps = Set.copyOf(apps);
    publish = Map.copyOf(publish);
    playback = Map.copyOf(playback);
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
    return new SecuritySettings(config.apps().keySet(), publish, playback);
  }

  /** The playback rule of {@code app}, or null when its streams are open to everyone. */
  public PlaybackRule playbackRule(String app) {
    return playback.get(app);
  }
}
