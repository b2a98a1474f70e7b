package io.headwater.origin.browser;

import java.util.List;

/** One player on one format of a stream. */
public record Play(Player player, Format format) {
  /**
   * Every player with every format it supports: hls.js on both HLS flavours, dash.js on DASH,
   * Shaka on DASH and on HLS (CMAF).
   */
  public static final List<Play> MATRIX = List.of(
      new Play(Player.HLS_JS, Format.HLS_CMAF),
      new Play(Player.HLS_JS, Format.HLS_TS),
      new Play(Player.DASH_JS, Format.DASH),
      new Play(Player.SHAKA, Format.DASH),
      new Play(Player.SHAKA, Format.HLS_CMAF));

  /** The plays of a low-latency stream: the matrix less MPEG-TS, which has no LL-HLS. */
  public static final List<Play> LOW_LATENCY = MATRIX.stream()
      .filter(p -> p.format() != Format.HLS_TS).toList();

  /** A short id, usable in file names. */
  public String id() {
    return player.pageName() + "-" + format.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return player.label() + " on " + format.label();
  }
}
