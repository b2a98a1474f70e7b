package io.headwater.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.ConnectionLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code rtmp.ioThreads}: how many event loops serve publishing connections. */
class RtmpIoThreadsConfigTest {
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void defaultIsTheProcessorsUpToFour() throws Exception {
    HeadwaterConfig c = loader.parse("", List.of());
    assertThat(c.rtmp().ioThreads())
        .isEqualTo(Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void configuredCountReachesTheRtmpServer() throws Exception {
    HeadwaterConfig c = loader.parse("rtmp: { ioThreads: 3 }", List.of());
    RtmpServerConfig server = new ConnectionLimits(10, 5, 2, c.rtmp().ioThreads())
        .applyTo(RtmpServerConfig.defaults());
    assertThat(server.ioThreads()).isEqualTo(3);
    assertThat(server.maxPublishers()).isEqualTo(2);
  }

  @Test
  void countOutsideTheRangeIsRefusedNamingTheKey() {
    for (String value : new String[] {"0", "65"}) {
      Throwable t = catchThrowable(() -> loader.parse("rtmp: { ioThreads: " + value + " }",
          List.of()));
      assertThat(t).as(value).isInstanceOf(ConfigException.class);
      assertThat(t.getMessage()).contains("ioThreads").contains(value);
    }
  }
}
