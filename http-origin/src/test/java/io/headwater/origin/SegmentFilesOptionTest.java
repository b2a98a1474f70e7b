package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.origin.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --segment-files DIR} and {@code storage.segmentFiles}: off unless given. */
class SegmentFilesOptionTest {
  @TempDir Path tmp;

  @Test
  void offByDefault() throws Exception {
    assertThat(Main.load(new String[0], Map.of()).segmentFiles()).isNull();
  }

  @Test
  void theFlagAndTheConfigurationKeyNameTheDirectory() throws Exception {
    assertThat(Main.load(new String[] {"--segment-files", "/dev/shm/headwater"}, Map.of())
        .segmentFiles()).isEqualTo(Path.of("/dev/shm/headwater"));

    Path yaml = Files.writeString(tmp.resolve("h.yaml"),
        "storage:\n  segmentFiles: /dev/shm/from-file\n");
    assertThat(Main.load(new String[] {"--config", yaml.toString()}, Map.of()).segmentFiles())
        .isEqualTo(Path.of("/dev/shm/from-file"));
    assertThat(Main.load(new String[] {"--config", yaml.toString(), "--segment-files",
        "/dev/shm/flag"}, Map.of()).segmentFiles()).as("the flag wins")
        .isEqualTo(Path.of("/dev/shm/flag"));
    assertThat(Main.USAGE).contains("--segment-files DIR");
  }

  @Test
  void anEmptyDirectoryIsRefused() {
    assertThatThrownBy(() -> Main.load(new String[] {"--segment-files", " "}, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("segmentFiles");
    assertThatThrownBy(() -> Main.load(new String[] {"--segment-files"}, Map.of()))
        .hasMessageContaining("--segment-files needs a value");
  }
}
