package io.headwater.manifest.dash;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code ProducerReferenceTime} (ISO/IEC 23009-1 5.12; DASH-IF IOP "Low-latency Modes for DASH"
 * 9.X.4.2): the wall-clock time at which the media at one presentation time was produced, so a
 * player can measure and steer its latency from production rather than from the MPD's timeline
 * alone. Written on an AdaptationSet with the MPD's {@code UTCTiming} as its clock.
 *
 * @param id ProducerReferenceTime@id (xs:unsignedInt)
 * @param type which production step {@code wallClockTime} stamps
 * @param wallClockTime ProducerReferenceTime@wallClockTime, written as ISO 8601 UTC
 * @param presentationTime ProducerReferenceTime@presentationTime, in the timescale of the
 *     AdaptationSet's SegmentTemplate, on the same axis as its {@code S@t} (before
 *     presentationTimeOffset is taken off)
 * @param utcTiming the clock {@code wallClockTime} is read on: the MPD's own UTCTiming
 */
public record ProducerReferenceTime(long id, Type type, Instant wallClockTime,
    long presentationTime, UtcTiming utcTiming) {
  /**
   * ProducerReferenceTime@type (ISO/IEC 23009-1 5.12.2), the counterpart of the {@code prft}
   * box's flags (ISO/IEC 14496-12 8.16.5): the time a frame met the encoder, or the time it was
   * captured.
   */
  public enum Type {
    /** Stamped at the encoder (prft flags 0, input, or 1, output). The default. */
    ENCODER("encoder"),
    /** Stamped when the media was captured (prft flags 24). */
    CAPTURED("captured");

    private final String xmlValue;

    Type(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    /** The attribute value as written. */
    public String xmlValue() {
      return xmlValue;
    }
  }

  public ProducerReferenceTime {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(wallClockTime, "wallClockTime");
    Objects.requireNonNull(utcTiming, "utcTiming");
    if (id < 0 || id > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("ProducerReferenceTime@id " + id
          + " is not an xs:unsignedInt");
    }
    if (presentationTime < 0) {
      throw new IllegalArgumentException("ProducerReferenceTime@presentationTime "
          + presentationTime + " is negative");
    }
  }
}
