package io.headwater.origin;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar origin.jar [flags]}: starts the origin and prints where it listens. */
public final class Main {
  static final String USAGE = """
      Usage: java -jar origin.jar [options]

      Headwater: RTMP in, HLS and MPEG-DASH out.

      Options:
        --rtmp-port N     RTMP listen port (default 1935; 0 = any free port)
        --http-port N     HTTP listen port (default 8080; 0 = any free port)
        --bind ADDRESS    address both listeners bind (default 0.0.0.0)
        --demo            publish the bundled sample as live/demo, in a loop
        --help            print this help and exit

      Publish:  ffmpeg -re -i input.flv -c copy -f flv rtmp://HOST:1935/live/NAME
      Play:     http://HOST:8080/live/NAME/index.m3u8   (HLS, CMAF)
                http://HOST:8080/live/NAME/ts/index.m3u8 (HLS, MPEG-TS)
                http://HOST:8080/live/NAME/index.mpd    (MPEG-DASH)
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    OriginConfig config;
    try {
      config = parse(args);
    } catch (UsageException e) {
      if (e.getMessage() == null) {
        System.out.print(USAGE);
        return;
      }
      System.err.println("headwater: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    OriginServer server;
    try {
      server = OriginServer.start(config, Clock.systemUTC());
    } catch (IOException e) {
      System.err.println("headwater: " + e.getMessage());
      System.exit(1);
      return;
    }
    printBanner(System.out, config, server);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }

  static void printBanner(PrintStream out, OriginConfig config, OriginServer server) {
    String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
    out.println("Headwater listening: RTMP port " + server.rtmpPort() + ", HTTP port "
        + server.httpPort());
    out.println("  publish: rtmp://" + host + ":" + server.rtmpPort() + "/live/STREAM");
    out.println("  play:    http://" + host + ":" + server.httpPort() + "/live/STREAM/index.m3u8");
    if (config.demo()) {
      out.println("  demo:    http://" + host + ":" + server.httpPort()
          + "/live/demo/index.m3u8");
    }
  }

  /** Parses the command line; a UsageException with a null message means --help. */
  static OriginConfig parse(String[] args) throws UsageException {
    OriginConfig c = OriginConfig.defaults();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help":
        case "-h":
          throw new UsageException(null);
        case "--demo":
          c = c.withDemo(true);
          break;
        case "--rtmp-port":
          c = c.withPorts(port(a, value(args, ++i, a)), c.httpPort());
          break;
        case "--http-port":
          c = c.withPorts(c.rtmpPort(), port(a, value(args, ++i, a)));
          break;
        case "--bind":
          c = c.withBindAddress(value(args, ++i, a));
          break;
        default:
          throw new UsageException("unknown option " + a);
      }
    }
    return c;
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  private static int port(String flag, String v) throws UsageException {
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be a port number 0..65535, was '" + v + "'");
    }
  }

  /** A bad command line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
