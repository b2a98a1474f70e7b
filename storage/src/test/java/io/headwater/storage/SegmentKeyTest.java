package io.headwater.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SegmentKeyTest {

  @Test
  void acceptsTheNamesThePackagerUses() {
    SegmentKey key = new SegmentKey("live/cam_720", "ts/k3x9a-12.ts");

    assertThat(key.stream()).isEqualTo("live/cam_720");
    assertThat(key.name()).isEqualTo("ts/k3x9a-12.ts");
    assertThat(key.toString()).isEqualTo("live/cam_720/ts/k3x9a-12.ts");
    assertThat(new SegmentKey("live/demo", "v/k3x9a-init-0.mp4")).isEqualTo(
        new SegmentKey("live/demo", "v/k3x9a-init-0.mp4"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/abs", "ts/../../etc/passwd", "ts/./a.ts", "ts//a.ts", "ts/",
      "", "a b.ts", "a\\b.ts", "seg%2e.ts", "ts/a.ts\n", "ts/\u00e9.ts", "a?x=1", ".."})
  void rejectsNamesThatCouldEscapeTheStreamDirectory(String name) {
    assertThatThrownBy(() -> new SegmentKey("live/demo", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"live", "live/demo/extra", "/live/demo", "live/..", "../demo", "live/",
      "live/de mo", "live\\demo"})
  void rejectsStreamsThatAreNotAppSlashStream(String stream) {
    assertThatThrownBy(() -> new SegmentKey(stream, "ts/a.ts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stream");
  }

  @Test
  void rejectsOverlongNamesAndNulls() {
    assertThatThrownBy(() -> new SegmentKey("live/demo", "a".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length 256");
    assertThatThrownBy(() -> new SegmentKey(null, "ts/a.ts")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SegmentKey("live/demo", null))
        .isInstanceOf(NullPointerException.class);
  }
}
