package io.headwater.origin.ladder;

import io.headwater.origin.transcode.Rung;
import java.util.List;
import java.util.Objects;

/**
 * The ABR settings of one RTMP application: how its renditions are named, and the ladder the
 * origin transcodes each published source into (empty: no transcoding, the default).
 *
 * @param naming which stream names are renditions of which group
 * @param ladder the transcoded renditions; empty turns transcoding off
 * @param ffmpeg the ffmpeg executable that transcodes (a path or a name on PATH)
 */
public record AbrSettings(RenditionNaming naming, List<Rung> ladder, String ffmpeg) {
  /** {@code _} suffixes make renditions; no transcoding. */
  public static final AbrSettings DEFAULTS = new AbrSettings(RenditionNaming.UNDERSCORE,
      List.of(), "ffmpeg");

  public AbrSettings {
    Objects.requireNonNull(naming, "naming");
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    ladder = List.copyOf(ladder);
  }

  /** The settings of configuration {@code apps.NAME}: its renditions and transcode keys. */
  public static AbrSettings of(List<String> renditionSuffixes, List<Rung> ladder, String ffmpeg) {
    return new AbrSettings(new RenditionNaming(renditionSuffixes), ladder, ffmpeg);
  }

  /** Whether the origin transcodes the application's published sources. */
  public boolean transcodes() {
    return !ladder.isEmpty();
  }
}
