package io.headwater.manifest.dash;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an {@link Mpd} as XML (ISO/IEC 23009-1 5.3, schema urn:mpeg:dash:schema:mpd:2011).
 * Elements follow the schema's sequence order and attributes a fixed order, so the same model
 * always gives the same text; indentation is two spaces per level. Stateless and thread-safe.
 */
public final class MpdWriter {
  private static final String INDENT = "  ";

  /** Writes {@code mpd} as a UTF-8 XML document (the declaration says so; encode it as UTF-8). */
  public String write(Mpd mpd) {
    StringWriter out = new StringWriter();
    try {
      // A fresh JDK factory per document: no shared mutable state, no service lookup.
      XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      newline(xml, 0);
      writeMpd(xml, mpd);
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing the MPD to a string failed", e);
    }
    return out.toString();
  }

  private static void writeMpd(XMLStreamWriter xml, Mpd mpd) throws XMLStreamException {
    xml.writeStartElement("MPD");
    xml.writeDefaultNamespace(Mpd.NAMESPACE);
    xml.writeAttribute("profiles", String.join(",", mpd.profiles()));
    xml.writeAttribute("type", mpd.type().xmlValue());
    if (mpd.availabilityStartTime() != null) {
      xml.writeAttribute("availabilityStartTime", dateTime(mpd.availabilityStartTime()));
    }
    if (mpd.publishTime() != null) {
      xml.writeAttribute("publishTime", dateTime(mpd.publishTime()));
    }
    if (mpd.mediaPresentationDuration() != null) {
      xml.writeAttribute(
          "mediaPresentationDuration", XsDuration.format(mpd.mediaPresentationDuration()));
    }
    if (mpd.minimumUpdatePeriod() != null) {
      xml.writeAttribute("minimumUpdatePeriod", XsDuration.format(mpd.minimumUpdatePeriod()));
    }
    if (mpd.timeShiftBufferDepth() != null) {
      xml.writeAttribute("timeShiftBufferDepth", XsDuration.format(mpd.timeShiftBufferDepth()));
    }
    if (mpd.suggestedPresentationDelay() != null) {
      xml.writeAttribute(
          "suggestedPresentationDelay", XsDuration.format(mpd.suggestedPresentationDelay()));
    }
    xml.writeAttribute("minBufferTime", XsDuration.format(mpd.minBufferTime()));
    // MPDtype sequence: ServiceDescription comes before Period (ISO/IEC 23009-1 5.3.1.2 schema).
    for (ServiceDescription service : mpd.serviceDescriptions()) {
      writeServiceDescription(xml, service);
    }
    for (Period period : mpd.periods()) {
      writePeriod(xml, period);
    }
    // MPDtype sequence: UTCTiming comes after Period (ISO/IEC 23009-1 5.3.1.2 schema).
    for (UtcTiming timing : mpd.utcTimings()) {
      newline(xml, 1);
      xml.writeEmptyElement("UTCTiming");
      xml.writeAttribute("schemeIdUri", timing.schemeIdUri());
      xml.writeAttribute("value", timing.value());
    }
    newline(xml, 0);
    xml.writeEndElement();
  }

  /**
   * ISO/IEC 23009-1 Annex K.4: Latency@target/min/max in milliseconds, PlaybackRate@min/max as
   * absolute rates (DASH-IF IOP "Low-latency Modes for DASH" 9.X.4.2).
   */
  private static void writeServiceDescription(XMLStreamWriter xml, ServiceDescription service)
      throws XMLStreamException {
    newline(xml, 1);
    xml.writeStartElement("ServiceDescription");
    xml.writeAttribute("id", Integer.toString(service.id()));
    newline(xml, 2);
    xml.writeEmptyElement("Latency");
    xml.writeAttribute("target", Long.toString(service.latencyTarget().toMillis()));
    xml.writeAttribute("min", Long.toString(service.latencyMin().toMillis()));
    xml.writeAttribute("max", Long.toString(service.latencyMax().toMillis()));
    newline(xml, 2);
    xml.writeEmptyElement("PlaybackRate");
    xml.writeAttribute("min", rate(service.playbackRateMin()));
    xml.writeAttribute("max", rate(service.playbackRateMax()));
    newline(xml, 1);
    xml.writeEndElement();
  }

  private static String rate(double rate) {
    return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
  }

  private static void writePeriod(XMLStreamWriter xml, Period period) throws XMLStreamException {
    newline(xml, 1);
    xml.writeStartElement("Period");
    xml.writeAttribute("id", period.id());
    xml.writeAttribute("start", XsDuration.format(period.start()));
    for (AdaptationSet set : period.adaptationSets()) {
      writeAdaptationSet(xml, set);
    }
    newline(xml, 1);
    xml.writeEndElement();
  }

  private static void writeAdaptationSet(XMLStreamWriter xml, AdaptationSet set)
      throws XMLStreamException {
    newline(xml, 2);
    xml.writeStartElement("AdaptationSet");
    xml.writeAttribute("id", Long.toString(set.id()));
    xml.writeAttribute("contentType", set.contentTypeName());
    xml.writeAttribute("mimeType", set.mimeType());
    xml.writeAttribute("segmentAlignment", "true");
    xml.writeAttribute("startWithSAP", "1");
    if (set.maxWidth() > 0) {
      xml.writeAttribute("maxWidth", Integer.toString(set.maxWidth()));
    }
    if (set.maxHeight() > 0) {
      xml.writeAttribute("maxHeight", Integer.toString(set.maxHeight()));
    }
    if (set.frameRate() != null) {
      xml.writeAttribute("frameRate", set.frameRate());
    }
    if (set.lang() != null) {
      xml.writeAttribute("lang", set.lang());
    }
    // AdaptationSetType sequence: descriptors of RepresentationBaseType, then SegmentTemplate,
    // then Representation.
    if (set.audioChannels() > 0) {
      newline(xml, 3);
      xml.writeEmptyElement("AudioChannelConfiguration");
      xml.writeAttribute("schemeIdUri", AdaptationSet.AUDIO_CHANNEL_CONFIGURATION_SCHEME);
      xml.writeAttribute("value", Integer.toString(set.audioChannels()));
    }
    // RepresentationBaseType sequence: ProducerReferenceTime follows the other descriptors.
    for (ProducerReferenceTime prt : set.producerReferenceTimes()) {
      writeProducerReferenceTime(xml, prt, 3);
    }
    if (set.segmentTemplate() != null) {
      writeSegmentTemplate(xml, set.segmentTemplate(), 3);
    }
    for (Representation representation : set.representations()) {
      writeRepresentation(xml, representation);
    }
    newline(xml, 2);
    xml.writeEndElement();
  }

  /**
   * ISO/IEC 23009-1 5.12.2: @id, @type, @wallClockTime (ISO 8601 UTC), @presentationTime (in the
   * SegmentTemplate's timescale), then the UTCTiming child naming the clock; @inband is left at
   * its default, false (the segments carry no prft box).
   */
  private static void writeProducerReferenceTime(XMLStreamWriter xml, ProducerReferenceTime prt,
      int depth) throws XMLStreamException {
    newline(xml, depth);
    xml.writeStartElement("ProducerReferenceTime");
    xml.writeAttribute("id", Long.toString(prt.id()));
    xml.writeAttribute("type", prt.type().xmlValue());
    xml.writeAttribute("wallClockTime", dateTime(prt.wallClockTime()));
    xml.writeAttribute("presentationTime", Long.toString(prt.presentationTime()));
    newline(xml, depth + 1);
    xml.writeEmptyElement("UTCTiming");
    xml.writeAttribute("schemeIdUri", prt.utcTiming().schemeIdUri());
    xml.writeAttribute("value", prt.utcTiming().value());
    newline(xml, depth);
    xml.writeEndElement();
  }

  private static void writeSegmentTemplate(XMLStreamWriter xml, SegmentTemplate template,
      int depth) throws XMLStreamException {
    newline(xml, depth);
    xml.writeStartElement("SegmentTemplate");
    xml.writeAttribute("timescale", Long.toString(template.timescale()));
    xml.writeAttribute("initialization", template.initialization());
    xml.writeAttribute("media", template.media());
    xml.writeAttribute("startNumber", Long.toString(template.startNumber()));
    xml.writeAttribute(
        "presentationTimeOffset", Long.toString(template.presentationTimeOffset()));
    if (template.availabilityTimeOffset() != null) {
      // xs:double seconds (23009-1 5.3.9.2, SegmentBase@availabilityTimeOffset).
      xml.writeAttribute("availabilityTimeOffset", BigDecimal.valueOf(
          template.availabilityTimeOffset().toMillis(), 3).stripTrailingZeros().toPlainString());
    }
    if (template.availabilityTimeComplete() != null) {
      xml.writeAttribute("availabilityTimeComplete",
          template.availabilityTimeComplete().toString());
    }
    newline(xml, depth + 1);
    xml.writeStartElement("SegmentTimeline");
    for (SegmentTimeline.S s : template.segmentTimeline().entries()) {
      newline(xml, depth + 2);
      xml.writeEmptyElement("S");
      if (s.t().isPresent()) {
        xml.writeAttribute("t", Long.toString(s.t().getAsLong()));
      }
      xml.writeAttribute("d", Long.toString(s.d()));
      if (s.r() > 0) {
        xml.writeAttribute("r", Long.toString(s.r()));
      }
    }
    newline(xml, depth + 1);
    xml.writeEndElement();
    newline(xml, depth);
    xml.writeEndElement();
  }

  private static void writeRepresentation(XMLStreamWriter xml, Representation representation)
      throws XMLStreamException {
    newline(xml, 3);
    boolean children = representation.baseUrl() != null
        || representation.segmentTemplate() != null;
    if (children) {
      xml.writeStartElement("Representation");
    } else {
      xml.writeEmptyElement("Representation");
    }
    xml.writeAttribute("id", representation.id());
    xml.writeAttribute("codecs", representation.codecs());
    xml.writeAttribute("bandwidth", Long.toString(representation.bandwidthBitsPerSecond()));
    if (representation.width() > 0) {
      xml.writeAttribute("width", Integer.toString(representation.width()));
    }
    if (representation.height() > 0) {
      xml.writeAttribute("height", Integer.toString(representation.height()));
    }
    if (representation.frameRate() != null) {
      xml.writeAttribute("frameRate", representation.frameRate());
    }
    if (representation.audioSamplingRate() > 0) {
      xml.writeAttribute(
          "audioSamplingRate", Integer.toString(representation.audioSamplingRate()));
    }
    if (!children) {
      return;
    }
    // RepresentationType sequence: BaseURL, then SegmentTemplate (23009-1 5.3.5.2 schema).
    if (representation.baseUrl() != null) {
      newline(xml, 4);
      xml.writeStartElement("BaseURL");
      xml.writeCharacters(representation.baseUrl());
      xml.writeEndElement();
    }
    if (representation.segmentTemplate() != null) {
      writeSegmentTemplate(xml, representation.segmentTemplate(), 4);
    }
    newline(xml, 3);
    xml.writeEndElement();
  }

  /** xs:dateTime in UTC with at most millisecond precision, e.g. 2026-01-02T03:04:05.678Z. */
  private static String dateTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
    xml.writeCharacters("\n" + INDENT.repeat(depth));
  }
}
