package io.headwater.manifest.dash;

import io.headwater.packager.media.TrackType;
import java.util.List;
import java.util.Objects;

/**
 * An {@code AdaptationSet} (ISO/IEC 23009-1 5.3.3) of one track type, with the segment template
 * shared by its representations. Always written with {@code segmentAlignment="true"} and
 * {@code startWithSAP="1"}: every segment starts with an IDR picture (video) or is all sync
 * samples (AAC), and all representations share segment boundaries.
 *
 * @param id AdaptationSet@id, stable across Periods so players can match continuing sets
 * @param contentType video or audio
 * @param maxWidth the widest representation's width, or 0 for audio
 * @param maxHeight the tallest representation's height, or 0 for audio
 * @param frameRate the frame rate as a FrameRateType, or null
 * @param lang the RFC 5646 language tag, or null (video)
 * @param audioChannels the AudioChannelConfiguration value, or 0 to omit it
 * @param segmentTemplate the addressing of every representation of the set, or null when each
 *     representation carries its own
 * @param representations at least one representation
 * @param producerReferenceTimes the set's ProducerReferenceTime elements (low-latency DASH),
 *     often none
 */
public record AdaptationSet(
    long id,
    TrackType contentType,
    int maxWidth,
    int maxHeight,
    String frameRate,
    String lang,
    int audioChannels,
    SegmentTemplate segmentTemplate,
    List<Representation> representations,
    List<ProducerReferenceTime> producerReferenceTimes) {
  /** ISO/IEC 23009-1 5.8.5.4: the value is the number of audio output channels. */
  public static final String AUDIO_CHANNEL_CONFIGURATION_SCHEME =
      "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";

  /** An AdaptationSet without ProducerReferenceTime. */
  public AdaptationSet(long id, TrackType contentType, int maxWidth, int maxHeight,
      String frameRate, String lang, int audioChannels, SegmentTemplate segmentTemplate,
      List<Representation> representations) {
    this(id, contentType, maxWidth, maxHeight, frameRate, lang, audioChannels, segmentTemplate,
        representations, List.of());
  }

  public AdaptationSet {
    Objects.requireNonNull(contentType, "contentType");
    representations = List.copyOf(representations);
    producerReferenceTimes = List.copyOf(producerReferenceTimes);
    if (representations.isEmpty()) {
      throw new IllegalArgumentException("AdaptationSet " + id + " has no Representation");
    }
    if (segmentTemplate == null) {
      for (Representation r : representations) {
        if (r.segmentTemplate() == null) {
          throw new IllegalArgumentException("AdaptationSet " + id + " has no SegmentTemplate "
              + "and Representation " + r.id() + " has none either");
        }
      }
    }
  }

  /** The AdaptationSet@contentType value. */
  public String contentTypeName() {
    return contentType == TrackType.VIDEO ? "video" : "audio";
  }

  /** The MIME type of the CMAF segments. */
  public String mimeType() {
    return contentType == TrackType.VIDEO ? "video/mp4" : "audio/mp4";
  }
}
