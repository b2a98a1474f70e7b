package io.headwater.origin.config;

import java.util.List;

/**
 * {@code apps.NAME.transcode}: a server-side ladder. Not built yet: {@code ladder} must be empty.
 *
 * @param ladder the renditions to make, default none
 */
public record TranscodeSection(List<LadderRung> ladder) {
  public TranscodeSection {
    ladder = List.copyOf(Check.orDefault(ladder, List.of()));
    Check.off("ladder", ladder.isEmpty() ? "[]" : ladder.toString(), "[]");
  }

  static TranscodeSection defaults() {
    return new TranscodeSection(null);
  }
}
