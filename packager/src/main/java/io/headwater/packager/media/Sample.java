package io.headwater.packager.media;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One access unit of one track: a coded video frame or an audio frame. Immutable.
 *
 * <p>Times are in the track's timescale on an unwrapped 64-bit timeline. H.264 payloads are in
 * AVCC form (NAL units with length prefixes of {@link AvcConfig#nalLengthSize()} bytes), as in
 * FLV and MP4; AAC payloads are raw frames without ADTS headers.
 *
 * @param trackId the track this sample belongs to
 * @param dtsTicks decode time
 * @param compositionOffsetTicks presentation time minus decode time (B-frames make it non-zero)
 * @param keyframe whether decoding can start here (an IDR picture; every AAC frame)
 * @param data the payload, read-only
 */
public record Sample(
    int trackId, long dtsTicks, int compositionOffsetTicks, boolean keyframe, ByteBuffer data) {
  public Sample {
    Objects.requireNonNull(data, "data");
    data = data.asReadOnlyBuffer();
  }

  public static Sample of(int trackId, long dtsTicks, int compositionOffsetTicks,
      boolean keyframe, byte[] payload) {
    return new Sample(trackId, dtsTicks, compositionOffsetTicks, keyframe, ByteBuffer.wrap(payload));
  }

  public long ptsTicks() {
    return dtsTicks + compositionOffsetTicks;
  }

  public int size() {
    return data.remaining();
  }

  /** A fresh view of the payload; callers may move its position freely. */
  @Override
  public ByteBuffer data() {
    return data.duplicate();
  }
}
