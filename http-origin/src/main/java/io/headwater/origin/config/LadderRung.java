package io.headwater.origin.config;

import io.headwater.origin.transcode.Rung;

/**
 * One rendition of a server-side transcoding ladder ({@code apps.NAME.transcode.ladder[]}).
 *
 * @param name the rendition suffix: the origin publishes it as {@code STREAM_NAME}; default
 *     {@code HEIGHTp}, e.g. {@code 480p}
 * @param height output height in pixels, an even number from 64 to 4320; the width keeps the
 *     source's aspect ratio
 * @param bitrate output H.264 bitrate, 50k..100M
 */
public record LadderRung(String name, Integer height, Bitrate bitrate) {
  public LadderRung {
    if (height == null) {
      throw InvalidValueException.of("transcode.ladder[].height", "absent",
          "an even number from 64 to 4320");
    }
    if (height < 64 || height > 4320 || height % 2 != 0) {
      throw InvalidValueException.of("transcode.ladder[].height", height.toString(),
          "an even number from 64 to 4320");
    }
    if (bitrate == null || bitrate.bitsPerSecond() < 50_000
        || bitrate.bitsPerSecond() > 100_000_000) {
      throw InvalidValueException.of("transcode.ladder[].bitrate",
          bitrate == null ? "absent" : Long.toString(bitrate.bitsPerSecond()),
          "a bitrate from 50k to 100M");
    }
    name = Check.orDefault(name, height + "p");
    if (!name.matches("[A-Za-z0-9.-]{1,16}")) {
      throw InvalidValueException.of("transcode.ladder[].name", name,
          "1 to 16 of A-Z a-z 0-9 . -");
    }
  }

  /** The rung as the transcoder takes it. */
  public Rung rung() {
    return new Rung(name, height, bitrate.bitsPerSecond());
  }
}
