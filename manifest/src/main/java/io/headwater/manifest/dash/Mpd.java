package io.headwater.manifest.dash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Media Presentation Description (ISO/IEC 23009-1 5.3.1). The constructor enforces the
 * attribute rules of 23009-1 Table 3 for the two types, plus the DASH-IF timing model's
 * requirement of a {@code UTCTiming} element in a dynamic MPD.
 *
 * @param type static (ended) or dynamic (live)
 * @param profiles the MPD@profiles URNs
 * @param availabilityStartTime the anchor of the live timeline; required when dynamic, never
 *     changes for a stream; may be null when static
 * @param publishTime when this version of the MPD was generated; required when dynamic
 * @param mediaPresentationDuration required when static, null when dynamic
 * @param minimumUpdatePeriod required when dynamic (we always update), null when static
 * @param minBufferTime always required
 * @param timeShiftBufferDepth dynamic only (null when static)
 * @param suggestedPresentationDelay dynamic only (null when static)
 * @param periods the Periods in time order, at least one
 * @param utcTimings clock sources; at least one when dynamic
 * @param serviceDescriptions the ServiceDescription elements (low-latency DASH), often none
 */
public record Mpd(
    Type type,
    List<String> profiles,
    Instant availabilityStartTime,
    Instant publishTime,
    Duration mediaPresentationDuration,
    Duration minimumUpdatePeriod,
    Duration minBufferTime,
    Duration timeShiftBufferDepth,
    Duration suggestedPresentationDelay,
    List<Period> periods,
    List<UtcTiming> utcTimings,
    List<ServiceDescription> serviceDescriptions) {
  /** The XML namespace of every MPD element (ISO/IEC 23009-1 5.3.1.2). */
  public static final String NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
  /** The ISO base media file format live profile (ISO/IEC 23009-1 8.4). */
  public static final String PROFILE_ISOFF_LIVE = "urn:mpeg:dash:profile:isoff-live:2011";

  /** MPD@type. */
  public enum Type {
    STATIC("static"),
    DYNAMIC("dynamic");

    private final String xmlValue;

    Type(String xmlValue) {
      this.xmlValue = xmlValue;
    }

    /** The attribute value as written. */
    public String xmlValue() {
      return xmlValue;
    }
  }

  /** An MPD without ServiceDescription. */
  public Mpd(Type type, List<String> profiles, Instant availabilityStartTime,
      Instant publishTime, Duration mediaPresentationDuration, Duration minimumUpdatePeriod,
      Duration minBufferTime, Duration timeShiftBufferDepth, Duration suggestedPresentationDelay,
      List<Period> periods, List<UtcTiming> utcTimings) {
    this(type, profiles, availabilityStartTime, publishTime, mediaPresentationDuration,
        minimumUpdatePeriod, minBufferTime, timeShiftBufferDepth, suggestedPresentationDelay,
        periods, utcTimings, List.of());
  }

  public Mpd {
    Objects.requireNonNull(type, "type");
    serviceDescriptions = List.copyOf(serviceDescriptions);
    Objects.requireNonNull(minBufferTime, "minBufferTime");
    profiles = List.copyOf(profiles);
    periods = List.copyOf(periods);
    utcTimings = List.copyOf(utcTimings);
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("MPD@profiles is empty");
    }
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("an MPD needs at least one Period");
    }
    if (type == Type.DYNAMIC) {
      require(type, availabilityStartTime, "availabilityStartTime");
      require(type, publishTime, "publishTime");
      require(type, minimumUpdatePeriod, "minimumUpdatePeriod");
      forbid(type, mediaPresentationDuration, "mediaPresentationDuration");
      if (utcTimings.isEmpty()) {
        throw new IllegalArgumentException("a dynamic MPD needs a UTCTiming element");
      }
    } else {
      require(type, mediaPresentationDuration, "mediaPresentationDuration");
      forbid(type, minimumUpdatePeriod, "minimumUpdatePeriod");
      forbid(type, timeShiftBufferDepth, "timeShiftBufferDepth");
      forbid(type, suggestedPresentationDelay, "suggestedPresentationDelay");
    }
  }

  private static void require(Type type, Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("a " + type.xmlValue() + " MPD needs @" + name);
    }
  }

  private static void forbid(Type type, Object value, String name) {
    if (value != null) {
      throw new IllegalArgumentException("a " + type.xmlValue() + " MPD must not have @" + name);
    }
  }
}
