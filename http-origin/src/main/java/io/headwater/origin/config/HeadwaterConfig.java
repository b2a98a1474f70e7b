package io.headwater.origin.config;

import io.headwater.ingest.rtmp.session.StreamNames;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The whole configuration file (DESIGN.md, Configuration): every key has a default, so an empty
 * file, or none, gives a working origin.
 *
 * @param bind the address both listeners bind, default 0.0.0.0 (all)
 * @param rtmp the RTMP listener
 * @param http the HTTP listener
 * @param dataDir where files are written (recordings), default ./data
 * @param apps per-application packaging by RTMP application name; others use the defaults
 * @param limits ingest limits
 * @param storage where segments live
 * @param recordings recording retention
 * @param logging log level and access log
 */
public record HeadwaterConfig(
    String bind,
    RtmpSection rtmp,
    HttpSection http,
    String dataDir,
    Map<String, AppConfig> apps,
    LimitsSection limits,
    StorageSection storage,
    RecordingsSection recordings,
    LoggingSection logging) {
  private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public HeadwaterConfig {
    bind = Check.orDefault(bind, "0.0.0.0");
    rtmp = Check.orDefault(rtmp, RtmpSection.defaults());
    http = Check.orDefault(http, HttpSection.defaults());
    dataDir = Check.orDefault(dataDir, "./data");
    apps = apps == null ? Map.of() : new TreeMap<>(apps);
    limits = Check.orDefault(limits, LimitsSection.defaults());
    storage = Check.orDefault(storage, StorageSection.defaults());
    recordings = Check.orDefault(recordings, RecordingsSection.defaults());
    logging = Check.orDefault(logging, LoggingSection.defaults());
    try {
      InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw InvalidValueException.of("bind", bind, "an IP address or resolvable host name, "
          + "e.g. 0.0.0.0 (all) or 127.0.0.1 (loopback)");
    }
    if (dataDir.isBlank() || dataDir.indexOf('\0') >= 0) {
      throw InvalidValueException.of("dataDir", dataDir, "a directory path");
    }
    for (Map.Entry<String, AppConfig> e : apps.entrySet()) {
      String name = e.getKey();
      if (!APP_NAME.matcher(name).matches()
          || StreamNames.RESERVED_APPS.contains(name.toLowerCase(Locale.ROOT))) {
        throw InvalidValueException.of("apps." + name, name, "1-64 characters of "
            + "A-Z a-z 0-9 . _ -, other than the reserved " + StreamNames.RESERVED_APPS);
      }
      if (e.getValue() == null) {
        e.setValue(AppConfig.defaults());
      }
    }
    apps = Map.copyOf(apps);
  }

  /** No file: every default. */
  public static HeadwaterConfig defaults() {
    return new HeadwaterConfig(null, null, null, null, null, null, null, null, null);
  }

  /** The settings of application {@code app}: its entry under apps, or the defaults. */
  public AppConfig app(String app) {
    AppConfig c = apps.get(app);
    return c == null ? AppConfig.defaults() : c;
  }
}
