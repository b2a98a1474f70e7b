package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An origin on loopback, ports chosen by the system, with an {@link Http} client on it and the
 * RTMP URL a publisher sends to. As a JUnit extension on a static field it is the test class's
 * origin, started before the class's {@code @BeforeAll} methods (after its static
 * {@code @TempDir} fields are set) and closed after its {@code @AfterAll} methods; {@link #start}
 * gives one test its own, closed with try-with-resources.
 */
public final class LoopbackOrigin implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  /** Makes the origin's configuration from the loopback one; may first write files it reads. */
  @FunctionalInterface
  public interface Setup {
    /** The configuration to start with, made from {@code loopback}. */
    OriginConfig configure(OriginConfig loopback) throws Exception;
  }

  private final Setup setup;
  private OriginServer server;
  private Http http;

  private LoopbackOrigin(Setup setup) {
    this.setup = setup;
  }

  /** The extension: an origin with the configuration {@code setup} makes, on the system clock. */
  public static LoopbackOrigin with(Setup setup) {
    return new LoopbackOrigin(setup);
  }

  /** Starts an origin with the configuration {@code setup} makes, for one test to close. */
  public static LoopbackOrigin start(Setup setup) throws Exception {
    LoopbackOrigin origin = new LoopbackOrigin(setup);
    origin.open();
    return origin;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void open() throws Exception {
    server = OriginServer.start(setup.configure(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0)), Clock.systemUTC());
    http = new Http(server.httpPort());
  }

  /** Closes the origin. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running origin. */
  public OriginServer server() {
    return server;
  }

  /** An HTTP client on the origin's HTTP port. */
  public Http http() {
    return http;
  }

  /** The URL a publisher sends {@code appAndStream} ("live/cam") to. */
  public String rtmpUrl(String appAndStream) {
    return "rtmp://127.0.0.1:" + server.rtmpPort() + "/" + appAndStream;
  }

  /**
   * Publishes the whole sample file {@code sample} to {@code appAndStream} as fast as ffmpeg
   * sends it, and checks that ffmpeg finished within a minute with exit code 0.
   */
  public void publishToEnd(String sample, String appAndStream) throws Exception {
    Process ffmpeg = Tools.publish(Tools.sample(sample), rtmpUrl(appAndStream), false);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
    assertThat(ffmpeg.exitValue()).as("ffmpeg exit code").isZero();
  }
}
