package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A stream published for days keeps its init segments younger than a one-day lifecycle rule:
 * they are written again every twelve hours, segments and playlists are not.
 */
class InitRefreshTest {
  private static final long HOUR = 3_600_000;

  @Test
  void initSegmentsAreDueEveryTwelveHoursAndNothingElse() {
    InitRefresh refresh = new InitRefresh();
    assertThat(refresh.due(100 * HOUR)).as("nothing written yet").isEmpty();
    refresh.written("v/e1-init-0.mp4", new byte[] {1}, 0);
    refresh.written("a/e1-init-0.mp4", new byte[] {2}, 0);
    refresh.written("v/e1-0.m4s", new byte[] {3}, 0);
    refresh.written("ts/e1-0.ts", new byte[] {4}, 0);
    refresh.written("v/e1-3.1.m4s", new byte[] {5}, 0);
    assertThat(refresh.due(11 * HOUR)).isEmpty();
    assertThat(refresh.due(12 * HOUR)).extracting(InitRefresh.Init::name)
        .containsExactly("v/e1-init-0.mp4", "a/e1-init-0.mp4");
    assertThat(refresh.due(13 * HOUR)).as("twelve hours from the last time").isEmpty();
    assertThat(refresh.due(24 * HOUR)).hasSize(2);
  }

  @Test
  void onlyTheLatestPeriodsAreKept() {
    InitRefresh refresh = new InitRefresh();
    for (int period = 0; period < 10; period++) {
      refresh.written("v/e1-init-" + period * 100 + ".mp4", new byte[] {1}, period);
    }
    assertThat(refresh.due(12 * HOUR)).hasSize(InitRefresh.KEPT)
        .extracting(InitRefresh.Init::name).contains("v/e1-init-900.mp4")
        .doesNotContain("v/e1-init-0.mp4", "v/e1-init-100.mp4");
  }
}
