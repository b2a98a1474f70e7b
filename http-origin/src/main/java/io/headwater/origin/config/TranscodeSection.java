package io.headwater.origin.config;

import io.headwater.origin.transcode.Rung;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code apps.NAME.transcode}: the server-side ladder. With a non-empty {@code ladder}, the origin
 * runs one ffmpeg per stream published to the application and publishes each rung back as
 * {@code STREAM_RUNG}; the source stays the top rendition of the group {@code STREAM}.
 *
 * @param ladder the renditions to make, default none (transcoding off); at most 8, names unique
 * @param ffmpeg the ffmpeg executable: a path, or a name looked up on PATH; default {@code ffmpeg}
 */
public record TranscodeSection(List<LadderRung> ladder, String ffmpeg) {
  /** The most renditions one source is transcoded into. */
  public static final int MAX_RUNGS = 8;

  public TranscodeSection {
    ladder = List.copyOf(Check.orDefault(ladder, List.of()));
    ffmpeg = Check.orDefault(ffmpeg, "ffmpeg");
    if (ladder.size() > MAX_RUNGS) {
      throw InvalidValueException.of("transcode.ladder", ladder.size() + " rungs",
          "at most " + MAX_RUNGS + " rungs");
    }
    Set<String> names = new HashSet<>();
    for (LadderRung rung : ladder) {
      if (!names.add(rung.name())) {
        throw InvalidValueException.of("transcode.ladder[].name", rung.name(),
            "names that differ between rungs");
      }
    }
    if (ffmpeg.isBlank()) {
      throw InvalidValueException.of("transcode.ffmpeg", ffmpeg, "a path or a command name");
    }
  }

  static TranscodeSection defaults() {
    return new TranscodeSection(null, null);
  }

  /** The ladder as the transcoder takes it, in configuration order. */
  public List<Rung> rungs() {
    return ladder.stream().map(LadderRung::rung).toList();
  }
}
