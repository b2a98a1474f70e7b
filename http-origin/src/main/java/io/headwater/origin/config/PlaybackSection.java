package io.headwater.origin.config;

/**
 * {@code apps.NAME.playback}: signed playback URLs. Not built yet: must stay null.
 *
 * @param signingSecret when set, playback needs a valid signed token; default null
 */
public record PlaybackSection(String signingSecret) {
  public PlaybackSection {
    Check.off("signingSecret", signingSecret == null ? null : "***", null);
  }

  static PlaybackSection defaults() {
    return new PlaybackSection(null);
  }
}
