package io.headwater.origin.cluster;

import io.headwater.manifest.dash.XsDuration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Turns the stored live MPD of a stream whose ingest node died into the static MPD its ingest
 * node would have written at a clean end (what {@code MpdBuilder} makes of an ended stream), so
 * that DASH players stop at the last stored segment instead of waiting for more:
 *
 * <ul>
 *   <li>{@code type="static"} with {@code mediaPresentationDuration}, without the live-only
 *       minimumUpdatePeriod, timeShiftBufferDepth, suggestedPresentationDelay (ISO/IEC 23009-1
 *       Table 3), and without ServiceDescription and UTCTiming, which only live players use;
 *   <li>mediaPresentationDuration is where the last Period's longest track ends on the
 *       presentation timeline (Period@start plus the end of its last S less
 *       presentationTimeOffset, over the timescale; 23009-1 5.3.9.6), rounded up to the
 *       millisecond;
 *   <li>every other track's last segment is announced up to that end (its last S@d grown), as
 *       Shaka ends a track only once its segments reach the duration.
 * </ul>
 */
final class StaticMpd {
  private static final List<String> LIVE_ATTRIBUTES = List.of("minimumUpdatePeriod",
      "timeShiftBufferDepth", "suggestedPresentationDelay");
  private static final List<String> LIVE_ELEMENTS = List.of("ServiceDescription", "UTCTiming");

  private StaticMpd() {}

  /** One track's timeline in the last Period. */
  private record Track(Element lastS, long timescale, long presentationTimeOffset,
      long lastStart, long d, long r) {
    long endTicks() {
      return Math.addExact(lastStart, Math.multiplyExact(Math.addExact(r, 1), d));
    }
  }

  /**
   * The static MPD of {@code live}, or {@code live} itself when it is static already.
   *
   * @throws IllegalArgumentException when it is not an MPD with a SegmentTimeline per track
   */
  static byte[] of(byte[] live) {
    try {
      return convert(live);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("not a live MPD of ours: " + e.getMessage(), e);
    }
  }

  private static byte[] convert(byte[] live) {
    Document doc = parse(live);
    Element mpd = doc.getDocumentElement();
    if (!mpd.getLocalName().equals("MPD")) {
      throw new IllegalArgumentException("root element " + mpd.getLocalName());
    }
    if ("static".equals(mpd.getAttribute("type"))) {
      return live;
    }
    List<Element> periods = children(mpd, "Period");
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("no Period");
    }
    Element period = periods.get(periods.size() - 1);
    long periodStartMillis = Duration.parse(period.getAttribute("start")).toMillis();
    List<Track> tracks = new ArrayList<>();
    for (Element set : children(period, "AdaptationSet")) {
      for (Element template : children(set, "SegmentTemplate")) {
        tracks.add(track(template));
      }
    }
    if (tracks.isEmpty()) {
      throw new IllegalArgumentException("no SegmentTimeline in the last Period");
    }
    long endMillis = periodStartMillis + 1;
    for (Track t : tracks) {
      long sincePeriodStart = t.endTicks() - t.presentationTimeOffset();
      endMillis = Math.max(endMillis, periodStartMillis
          - Math.floorDiv(-Math.multiplyExact(sincePeriodStart, 1000L), t.timescale()));
    }
    for (Track t : tracks) {
      reachEnd(doc, t, endMillis - periodStartMillis);
    }
    mpd.setAttribute("type", "static");
    LIVE_ATTRIBUTES.forEach(mpd::removeAttribute);
    mpd.setAttribute("mediaPresentationDuration", XsDuration.format(Duration.ofMillis(endMillis)));
    for (String name : LIVE_ELEMENTS) {
      for (Element e : children(mpd, name)) {
        mpd.removeChild(e);
      }
    }
    return write(doc);
  }

  private static Track track(Element template) {
    long timescale = number(template, "timescale", 1);
    long pto = number(template, "presentationTimeOffset", 0);
    List<Element> timelines = children(template, "SegmentTimeline");
    List<Element> entries = timelines.isEmpty() ? List.of() : children(timelines.get(0), "S");
    if (entries.isEmpty() || timescale <= 0) {
      throw new IllegalArgumentException("a SegmentTemplate without S entries");
    }
    long next = 0;
    long start = 0;
    for (Element s : entries) {
      start = s.hasAttribute("t") ? number(s, "t", 0) : next;
      long d = number(s, "d", 0);
      long r = number(s, "r", 0);
      if (d <= 0 || r < 0) {
        throw new IllegalArgumentException("S d=" + d + " r=" + r);
      }
      next = Math.addExact(start, Math.multiplyExact(Math.addExact(r, 1), d));
    }
    Element last = entries.get(entries.size() - 1);
    long d = number(last, "d", 0);
    long r = number(last, "r", 0);
    return new Track(last, timescale, pto, start, d, r);
  }

  /** Grows the track's last segment so that it reaches {@code sincePeriodStartMillis}. */
  private static void reachEnd(Document doc, Track t, long sincePeriodStartMillis) {
    long endTicks = t.presentationTimeOffset()
        - Math.floorDiv(-Math.multiplyExact(sincePeriodStartMillis, t.timescale()), 1000L);
    long missing = endTicks - t.endTicks();
    if (missing <= 0) {
      return;
    }
    Element s = t.lastS();
    if (t.r() == 0) {
      s.setAttribute("d", Long.toString(t.d() + missing));
      return;
    }
    // The repeated run keeps all but its last segment; that one becomes an S of its own.
    if (t.r() == 1) {
      s.removeAttribute("r");
    } else {
      s.setAttribute("r", Long.toString(t.r() - 1));
    }
    Element grown = doc.createElementNS(s.getNamespaceURI(), s.getTagName());
    grown.setAttribute("d", Long.toString(t.d() + missing));
    Node after = s.getNextSibling();
    s.getParentNode().insertBefore(grown, after);
    if (after != null && after.getNodeType() == Node.TEXT_NODE) {
      s.getParentNode().insertBefore(doc.createTextNode(after.getTextContent()), grown);
    }
  }

  private static long number(Element e, String attribute, long absent) {
    if (!e.hasAttribute(attribute)) {
      return absent;
    }
    try {
      return Long.parseLong(e.getAttribute(attribute));
    } catch (NumberFormatException x) {
      throw new IllegalArgumentException(e.getLocalName() + "@" + attribute + " is "
          + e.getAttribute(attribute));
    }
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static Document parse(byte[] bytes) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // No DTDs, no external entities: the object comes from a shared bucket.
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    } catch (Exception e) {
      throw new IllegalArgumentException("not an MPD: " + e.getMessage(), e);
    }
  }

  private static byte[] write(Document doc) {
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      var transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      transformer.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the MPD", e);
    }
  }
}
