package io.headwater.origin.config;

/**
 * One rendition of a server-side transcoding ladder.
 *
 * @param height output height in pixels
 * @param bitrate output video bitrate
 */
public record LadderRung(Integer height, Bitrate bitrate) {}
