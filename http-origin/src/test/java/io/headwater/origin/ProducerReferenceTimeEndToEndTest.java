package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.StreamSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The low-latency MPD's ProducerReferenceTime (ISO/IEC 23009-1 5.12) and the LL-HLS program date
 * times tell one clock, on a real stream published in real time: for every segment listed in
 * both, the wall-clock time the MPD's reference gives its start (wallClockTime plus the
 * segment's S@t less presentationTime, over the timescale) is the segment's
 * EXT-X-PROGRAM-DATE-TIME, so a player measures the same latency on either protocol.
 */
class ProducerReferenceTimeEndToEndTest {
  private static final StreamSettings LOW_LATENCY =
      StreamSettings.DEFAULTS.withPartTarget(StreamSettings.DEFAULT_PART_TARGET);
  private static final Pattern SEGMENT_NUMBER = Pattern.compile("-(\\d+)\\.m4s$");

  @Test
  void theReferenceGivesEachSegmentItsProgramDateTime() throws Exception {
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0).withStreamSettings(LOW_LATENCY),
        Clock.systemUTC())) {
      Http http = new Http(server.httpPort());
      Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/prft", true);
      try {
        http.awaitText("/live/prft/v.m3u8", "-1.m4s", Duration.ofSeconds(20));
        Element mpd = parse(http.text("/live/prft/index.mpd"));
        for (String[] track : new String[][] {{"video", "v.m3u8"}, {"audio", "a.m3u8"}}) {
          Element set = adaptationSet(mpd, track[0]);
          Element prt = child(set, "ProducerReferenceTime");
          assertThat(prt).as("%s ProducerReferenceTime", track[0]).isNotNull();
          assertThat(prt.getAttribute("type")).isEqualTo("encoder");
          assertThat(child(prt, "UTCTiming").getAttribute("value"))
              .isEqualTo(child(mpd, "UTCTiming").getAttribute("value"));
          Instant wall = Instant.parse(prt.getAttribute("wallClockTime"));
          long presentationTime = Long.parseLong(prt.getAttribute("presentationTime"));
          Element template = child(set, "SegmentTemplate");
          long timescale = Long.parseLong(template.getAttribute("timescale"));
          Map<Long, Long> startByNumber = starts(template);

          MediaPlaylist playlist = MediaPlaylist.parse(http.text("/live/prft/" + track[1]));
          int compared = 0;
          for (MediaPlaylist.Entry e : playlist.segments()) {
            Matcher m = SEGMENT_NUMBER.matcher(e.uri());
            Long start = m.find() ? startByNumber.get(Long.parseLong(m.group(1))) : null;
            if (start == null || e.programDateTime() == null) {
              continue;
            }
            Instant byReference = wall.plusNanos(
                Math.multiplyExact(start - presentationTime, 1_000_000_000L) / timescale);
            long apartMs = Math.abs(Duration.between(Instant.parse(e.programDateTime()),
                byReference).toMillis());
            // Both are written to the millisecond; an audio segment starts at the first AAC
            // frame at or after the video boundary that starts the segment (< 21.4 ms later).
            assertThat(apartMs).as("%s segment %s: reference %s, program date time %s",
                track[0], e.uri(), byReference, e.programDateTime())
                .isLessThanOrEqualTo(track[0].equals("video") ? 2 : 24);
            compared++;
          }
          assertThat(compared).as("%s segments listed in both", track[0]).isGreaterThanOrEqualTo(2);
        }
      } finally {
        ffmpeg.destroy();
        if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
          ffmpeg.destroyForcibly().waitFor();
        }
      }
    }
  }

  /** S@t of every segment number of the template's timeline. */
  private static Map<Long, Long> starts(Element template) {
    Map<Long, Long> out = new HashMap<>();
    long number = Long.parseLong(template.getAttribute("startNumber"));
    long t = 0;
    NodeList s = template.getElementsByTagNameNS("*", "S");
    for (int i = 0; i < s.getLength(); i++) {
      Element e = (Element) s.item(i);
      if (e.hasAttribute("t")) {
        t = Long.parseLong(e.getAttribute("t"));
      }
      long d = Long.parseLong(e.getAttribute("d"));
      long r = e.hasAttribute("r") ? Long.parseLong(e.getAttribute("r")) : 0;
      for (long k = 0; k <= r; k++) {
        out.put(number++, t);
        t += d;
      }
    }
    return out;
  }

  private static Element adaptationSet(Element mpd, String contentType) {
    NodeList sets = mpd.getElementsByTagNameNS("*", "AdaptationSet");
    Element found = null;
    for (int i = 0; i < sets.getLength(); i++) {
      Element e = (Element) sets.item(i);
      if (e.getAttribute("contentType").equals(contentType)) {
        found = e; // the last Period's
      }
    }
    assertThat(found).as("%s AdaptationSet", contentType).isNotNull();
    return found;
  }

  private static Element child(Element parent, String name) {
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return doc.getDocumentElement();
  }
}
