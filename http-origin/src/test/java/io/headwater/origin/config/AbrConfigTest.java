package io.headwater.origin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.headwater.origin.ladder.AbrSettings;
import io.headwater.origin.transcode.Rung;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code apps.NAME.renditions} and {@code apps.NAME.transcode} as an operator writes them. */
class AbrConfigTest {
  private final ConfigLoader loader = new ConfigLoader();

  private AbrSettings abr(String yaml) throws ConfigException {
    AppConfig app = loader.parse(yaml, List.of()).app("live");
    return AbrSettings.of(app.renditions(), app.transcode().rungs(), app.transcode().ffmpeg());
  }

  private String error(String yaml) {
    Throwable t = catchThrowable(() -> abr(yaml));
    assertThat(t).as("config %s", yaml).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  @Test
  void defaultsGroupUnderscoreSuffixesAndTranscodeNothing() throws Exception {
    AbrSettings abr = abr("apps: { live: {} }");

    assertThat(abr.transcodes()).isFalse();
    assertThat(abr.naming().groupOf("cam1_720")).isEqualTo("cam1");
    assertThat(abr.naming().groupOf("cam1")).isNull();
    assertThat(abr.ffmpeg()).isEqualTo("ffmpeg");
  }

  @Test
  void aLadderWithDefaultAndGivenNames() throws Exception {
    AbrSettings abr = abr("apps: { live: { transcode: { ffmpeg: /opt/ffmpeg/bin/ffmpeg, ladder: ["
        + "{ height: 480, bitrate: 1200k }, { name: low, height: 240, bitrate: 400k } ] } } }");

    assertThat(abr.ladder()).containsExactly(new Rung("480p", 480, 1_200_000),
        new Rung("low", 240, 400_000));
    assertThat(abr.ffmpeg()).isEqualTo("/opt/ffmpeg/bin/ffmpeg");
  }

  @Test
  void configuredSuffixesReplaceTheUnderscoreRule() throws Exception {
    AbrSettings abr = abr("apps: { live: { renditions: [-hd, -sd] } }");

    assertThat(abr.naming().groupOf("cam1-hd")).isEqualTo("cam1");
    assertThat(abr.naming().groupOf("cam1_720")).isNull();
  }

  @Test
  void badRungsNameTheKeyAndWhatIsAllowed() {
    assertThat(error("apps: { live: { transcode: { ladder: [ { height: 481, bitrate: 1M } ] } } }"))
        .contains("transcode.ladder[].height").contains("481").contains("even number");
    assertThat(error("apps: { live: { transcode: { ladder: [ { height: 480 } ] } } }"))
        .contains("transcode.ladder[].bitrate");
    assertThat(error("apps: { live: { transcode: { ladder: [ { height: 480, bitrate: 1M },"
        + " { height: 480, bitrate: 2M } ] } } }"))
        .contains("names that differ");
    assertThat(error("apps: { live: { renditions: [\"a/b\"] } }")).contains("renditions");
  }
}
