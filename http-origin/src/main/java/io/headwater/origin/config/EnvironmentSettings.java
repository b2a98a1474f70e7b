package io.headwater.origin.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment variables that override the file, each naming one configuration key. */
public final class EnvironmentSettings {
  /** Variable name to configuration key. */
  public static final Map<String, String> VARIABLES = variables();
  /** The configuration file when {@code --config} is not given. */
  public static final String CONFIG_FILE_VARIABLE = "HEADWATER_CONFIG";

  private EnvironmentSettings() {}

  private static Map<String, String> variables() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("HEADWATER_BIND", "bind");
    m.put("HEADWATER_RTMP_PORT", "rtmp.port");
    m.put("HEADWATER_HTTP_PORT", "http.port");
    m.put("HEADWATER_DATA_DIR", "dataDir");
    m.put("HEADWATER_LOG_LEVEL", "logging.level");
    m.put("HEADWATER_ACCESS_LOG", "logging.accessLog");
    return Map.copyOf(m);
  }

  /** The settings that {@code env} (e.g. {@code System.getenv()}) defines. */
  public static List<Setting> from(Map<String, String> env) {
    List<Setting> out = new ArrayList<>();
    VARIABLES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String v = env.get(e.getKey());
      if (v != null && !v.isEmpty()) {
        out.add(new Setting(e.getValue(), v, "environment variable " + e.getKey()));
      }
    });
    return out;
  }
}
