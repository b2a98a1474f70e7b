package io.headwater.origin;

import io.headwater.origin.ladder.AbrSettings;
import io.headwater.origin.cluster.ClusterSettings;
import io.headwater.origin.config.ConfigException;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.config.EnvironmentSettings;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.config.LimitsSection;
import io.headwater.origin.config.Setting;
import io.headwater.origin.config.TlsSection;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.recording.RecordingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/** {@code java -jar origin.jar [flags]}: starts the origin and prints where it listens. */
public final class Main {
  static final String USAGE = """
      Usage: java -jar origin.jar [options]

      Headwater: RTMP in, HLS and MPEG-DASH out.

      Options:
        --rtmp-port N     RTMP listen port (default 1935; 0 = any free port)
        --http-port N     HTTP listen port (default 8080; 0 = any free port)
        --bind ADDRESS    address both listeners bind (default 0.0.0.0)
        --config FILE     YAML configuration (default: $HEADWATER_CONFIG, else none);
                          see config/headwater.example.yaml
        --data-dir DIR    where files are written (default ./data)
        --log-level L     error, warn, info (default), debug or trace
        --no-access-log   do not log every HTTP request
        --demo            publish the bundled sample as live/demo, in a loop
        --role ROLE       ingest (default) or origin: no RTMP, serve every stream from
                          the object store (needs storage.type s3; README, Scaling out)
        --help            print this help and exit

      Ports, bind, data dir and logging are also keys of the YAML file; a flag beats its
      environment variable
      (HEADWATER_RTMP_PORT, HEADWATER_HTTP_PORT, HEADWATER_BIND, HEADWATER_DATA_DIR,
      HEADWATER_LOG_LEVEL, HEADWATER_ACCESS_LOG), which beats the file, which beats the
      default.

      Publish:  ffmpeg -re -i input.flv -c copy -f flv rtmp://HOST:1935/live/NAME
      Play:     http://HOST:8080/live/NAME/index.m3u8   (HLS, CMAF, LL-HLS)
                http://HOST:8080/live/NAME/ts/index.m3u8 (HLS, MPEG-TS)
                http://HOST:8080/live/NAME/index.mpd    (MPEG-DASH)
      Operate:  http://HOST:8080/               streams, thumbnails, players
                http://HOST:8080/api/streams    stats (JSON); /metrics: Prometheus
                http://HOST:8080/healthz        liveness; /readyz: readiness
      SIGTERM drains: publishers are closed, playlists get EXT-X-ENDLIST, exit code 0.
      """;

  /** How long a drain may take before the process stops without waiting for it. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

  private Main() {}

  public static void main(String[] args) throws Exception {
    OriginConfig config;
    SecuritySettings security;
    ClusterSettings cluster;
    try {
      Loaded loaded = loadAll(args, System.getenv());
      config = loaded.origin();
      security = loaded.security();
      cluster = loaded.cluster();
    } catch (UsageException e) {
      if (e.getMessage() == null) {
        System.out.print(USAGE);
        return;
      }
      System.err.println("headwater: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    } catch (ConfigException e) {
      System.err.println("headwater: " + e.getMessage());
      System.exit(2);
      return;
    }
    OriginServer server;
    try {
      server = OriginServer.start(config, Clock.systemUTC(), security, cluster);
    } catch (IOException e) {
      System.err.println("headwater: " + e.getMessage());
      System.exit(1);
      return;
    }
    printBanner(System.out, config, server);
    System.exit(runUntilStopped(server));
  }

  /**
   * Waits for SIGTERM (systemd, docker stop, Kubernetes) or SIGINT (Ctrl-C), then drains the
   * origin on this thread and returns 0. Handling the signals, rather than only a shutdown hook,
   * is what lets the JVM exit 0 instead of 143 (128 + SIGTERM), so that a supervisor sees a clean
   * stop. A shutdown hook still drains on other ways out (System.exit elsewhere, SIGHUP).
   */
  private static int runUntilStopped(OriginServer server) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    AtomicBoolean drained = new AtomicBoolean();
    Thread hook = new Thread(() -> drain(server, drained), "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.await();
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(DRAIN_LIMIT.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("headwater: draining took longer than " + DRAIN_LIMIT.toSeconds()
          + " s; stopping without waiting");
      Runtime.getRuntime().halt(1);
    }, "drain-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    drain(server, drained);
    watchdog.interrupt();
    return 0;
  }

  private static void drain(OriginServer server, AtomicBoolean drained) {
    if (drained.compareAndSet(false, true)) {
      server.close();
    }
  }

  /**
   * Reads the command line, the environment and the configuration file into the origin's
   * configuration (flag > env > file > default), and sets the log level before any logger starts.
   */
  static OriginConfig load(String[] args, Map<String, String> env)
      throws UsageException, ConfigException {
    return loadAll(args, env).origin();
  }

  /** The origin's configuration and what it checks of publishers and viewers. */
  record Loaded(OriginConfig origin, SecuritySettings security, ClusterSettings cluster) {}

  /** Like {@link #load}, with the security settings of the same configuration. */
  static Loaded loadAll(String[] args, Map<String, String> env)
      throws UsageException, ConfigException {
    Invocation inv = parse(args);
    String file = inv.configFile() != null ? inv.configFile()
        : env.get(EnvironmentSettings.CONFIG_FILE_VARIABLE);
    List<Setting> overrides = new ArrayList<>(EnvironmentSettings.from(env));
    overrides.addAll(inv.flags());
    HeadwaterConfig c = new ConfigLoader().load(file == null ? null : Path.of(file), overrides);
    System.setProperty("headwater.log.level", c.logging().level().toUpperCase(Locale.ROOT));
    Map<String, StreamSettings> byApp = new HashMap<>();
    c.apps().forEach((app, settings) -> byApp.put(app, settings.streamSettings()));
    Map<String, AbrSettings> abr = new HashMap<>();
    c.apps().forEach((app, settings) -> abr.put(app, AbrSettings.of(settings.renditions(),
        settings.transcode().rungs(), settings.transcode().ffmpeg())));
    TlsSection tls = c.http().tls();
    LimitsSection limits = c.limits();
    OriginConfig origin = OriginConfig.defaults()
        .withBindAddress(c.bind())
        .withPorts(c.rtmp().port(), c.http().port())
        .withStreamSettings(c.app("").streamSettings())
        .withAppSettings(byApp)
        .withCorsAllowOrigins(c.http().cors().allowOrigins())
        .withHttpTls(tls == null ? null
            : new TlsConfig(tls.port(), Path.of(tls.certificate()), Path.of(tls.privateKey())))
        .withRtmpLimits(new ConnectionLimits(limits.maxConnections(),
            limits.maxConnectionsPerIp(), limits.maxPublishers(), c.rtmp().ioThreads()))
        .withDataDir(Path.of(c.dataDir()))
        .withRecording(RecordingSettings.from(c))
        .withAbr(abr)
        .withAccessLog(c.logging().accessLog())
        .withDemo(inv.demo());
    return new Loaded(origin, SecuritySettings.from(c), cluster(c, env));
  }

  /** The object-store cluster settings ({@code storage.type: s3}), or null for a single node. */
  private static ClusterSettings cluster(HeadwaterConfig c, Map<String, String> env)
      throws ConfigException {
    try {
      return ClusterSettings.from(c.storage(), env);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  static void printBanner(PrintStream out, OriginConfig config, OriginServer server) {
    String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
    out.println("Headwater listening: RTMP port " + server.rtmpPort() + ", HTTP port "
        + server.httpPort());
    out.println("  publish: rtmp://" + host + ":" + server.rtmpPort() + "/live/STREAM");
    if (server.rtmpsPort() > 0) {
      out.println("           rtmps://" + host + ":" + server.rtmpsPort() + "/live/STREAM");
    }
    out.println("  play:    http://" + host + ":" + server.httpPort() + "/live/STREAM/index.m3u8");
    if (config.demo()) {
      out.println("  demo:    http://" + host + ":" + server.httpPort()
          + "/live/demo/index.m3u8");
    }
  }

  /** What the command line asked for. */
  record Invocation(String configFile, List<Setting> flags, boolean demo) {}

  /** Parses the command line; a UsageException with a null message means --help. */
  static Invocation parse(String[] args) throws UsageException {
    String configFile = null;
    List<Setting> flags = new ArrayList<>();
    boolean demo = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help":
        case "-h":
          throw new UsageException(null);
        case "--demo":
          demo = true;
          break;
        case "--config":
          configFile = value(args, ++i, a);
          break;
        case "--rtmp-port":
          flags.add(new Setting("rtmp.port", value(args, ++i, a), a));
          break;
        case "--http-port":
          flags.add(new Setting("http.port", value(args, ++i, a), a));
          break;
        case "--bind":
          flags.add(new Setting("bind", value(args, ++i, a), a));
          break;
        case "--data-dir":
          flags.add(new Setting("dataDir", value(args, ++i, a), a));
          break;
        case "--log-level":
          flags.add(new Setting("logging.level", value(args, ++i, a), a));
          break;
        case "--role":
          flags.add(new Setting("storage.role", value(args, ++i, a), a));
          break;
        case "--no-access-log":
          flags.add(new Setting("logging.accessLog", "false", a));
          break;
        default:
          throw new UsageException("unknown option " + a);
      }
    }
    return new Invocation(configFile, flags, demo);
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  /** A bad command line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
