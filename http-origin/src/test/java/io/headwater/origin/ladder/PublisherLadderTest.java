package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.pipeline.StreamSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Publisher-side ABR ladders: renditions published as {@code cam1_360}, {@code cam1_240},
 * {@code cam1_144} by one ffmpeg (one source, aligned keyframes) are grouped under
 * {@code /live/cam1/}, with segments on the same presentation times, and a rendition that drops
 * out leaves the group's manifests and comes back.
 */
class PublisherLadderTest {
  private static final Pattern STREAM_INF = Pattern.compile(
      "#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),CODECS=\"([^\"]+)\","
          + "RESOLUTION=(\\d+x\\d+),FRAME-RATE=([0-9.]+),AUDIO=\"audio\"\n([^\n]+)\n");
  private static final Pattern SEGMENT_NUMBER = Pattern.compile("-(\\d+)\\.m4s$");

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c.withStreamSettings(
      new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30), Duration.ofMinutes(5))));

  private static String rtmpBase() {
    return origin.rtmpUrl("live/");
  }

  @Test
  void groupManifestsListEveryRenditionAndTheirSegmentsAlign() throws Exception {
    Process ffmpeg = LadderPublisher.encode(rtmpBase(),
        new String[] {"cam1_360", "cam1_240", "cam1_144"}, new int[] {360, 240, 144},
        new int[] {900, 400, 150});
    try {
      String multivariant = origin.http().awaitText("/live/cam1/index.m3u8", "cam1_144/v.m3u8",
          Duration.ofSeconds(30));
      multivariant = awaitVariants("/live/cam1/index.m3u8", 3);

      assertThat(multivariant).contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"")
          .contains("URI=\"../cam1_360/a.m3u8\"");
      List<String[]> variants = variants(multivariant);
      assertThat(variants).extracting(v -> v[3])
          .containsExactly("640x360", "426x240", "256x144");
      assertThat(variants).extracting(v -> v[5])
          .containsExactly("../cam1_360/v.m3u8", "../cam1_240/v.m3u8", "../cam1_144/v.m3u8");
      for (String[] v : variants) {
        assertThat(v[2]).as("CODECS").startsWith("avc1.").endsWith(",mp4a.40.2");
        assertThat(v[4]).as("FRAME-RATE").isEqualTo("30.000");
      }
      assertThat(Long.parseLong(variants.get(0)[0]))
          .as("the top rendition announces more bandwidth than the bottom one")
          .isGreaterThan(Long.parseLong(variants.get(2)[0]));

      // Every rendition's segments: wait for three, then compare tfdt and durations.
      List<TreeMap<Long, String>> timelines = new ArrayList<>();
      for (String[] v : variants) {
        String path = resolve("/live/cam1/index.m3u8", v[5]);
        awaitSegments(path, 3);
      }
      for (String[] v : variants) {
        timelines.add(timeline(resolve("/live/cam1/index.m3u8", v[5])));
      }
      long from = Long.MIN_VALUE;
      long to = Long.MAX_VALUE;
      for (TreeMap<Long, String> t : timelines) {
        from = Math.max(from, t.firstKey());
        to = Math.min(to, t.lastKey());
      }
      TreeMap<Long, String> reference = new TreeMap<>(timelines.get(0).subMap(from, true, to,
          true));
      assertThat(reference).as("segments all renditions list").hasSizeGreaterThanOrEqualTo(2);
      for (TreeMap<Long, String> t : timelines) {
        assertThat(t.subMap(from, true, to, true))
            .as("tfdt -> EXTINF and number of each segment, equal across renditions")
            .isEqualTo(reference);
      }

      // HLS with MPEG-TS: one variant per rendition, audio muxed, each playlist reachable.
      String tsPath = "/live/cam1/ts/abr.m3u8";
      String ts = origin.http().text(tsPath);
      assertThat(ts).doesNotContain("#EXT-X-MEDIA").doesNotContain("AUDIO=");
      List<String> tsUris = ts.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      assertThat(tsUris).containsExactly("../../cam1_360/ts/index.m3u8",
          "../../cam1_240/ts/index.m3u8", "../../cam1_144/ts/index.m3u8");
      for (String uri : tsUris) {
        assertThat(origin.http().text(resolve(tsPath, uri))).as(uri).contains("#EXTINF");
      }

      // The MPD: one video AdaptationSet with the three renditions, each under its own path.
      String mpdPath = "/live/cam1/index.mpd";
      Document mpd = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(
          new ByteArrayInputStream(origin.http().get(mpdPath).body()));
      Element lastPeriod = last(mpd.getElementsByTagName("Period"));
      List<Element> sets = children(lastPeriod, "AdaptationSet");
      assertThat(sets).extracting(s -> s.getAttribute("contentType"))
          .containsExactly("video", "audio");
      List<Element> videoReps = children(sets.get(0), "Representation");
      assertThat(videoReps).extracting(r -> r.getAttribute("id"))
          .containsExactly("cam1_360", "cam1_240", "cam1_144");
      assertThat(videoReps).extracting(r -> r.getAttribute("height"))
          .containsExactly("360", "240", "144");
      assertThat(sets.get(0).getAttribute("maxHeight")).isEqualTo("360");
      List<Element> audioReps = children(sets.get(1), "Representation");
      assertThat(audioReps).hasSize(1);
      assertThat(text(audioReps.get(0), "BaseURL")).isEqualTo("../cam1_360/");
      for (Element rep : videoReps) {
        assertThat(text(rep, "BaseURL")).isEqualTo("../" + rep.getAttribute("id") + "/");
        Element template = children(rep, "SegmentTemplate").get(0);
        Element s = children(children(template, "SegmentTimeline").get(0), "S").get(0);
        String media = template.getAttribute("media")
            .replace("$Number$", template.getAttribute("startNumber"));
        String segment = resolve(resolve(mpdPath, text(rep, "BaseURL")), media);
        long expected = Long.parseLong(s.getAttribute("t"));
        assertThat(tfdt(origin.http().get(segment).body()))
            .as("%s: the first listed segment starts at S@t", segment).isEqualTo(expected);
        String init = resolve(resolve(mpdPath, text(rep, "BaseURL")),
            template.getAttribute("initialization"));
        assertThat(origin.http().get(init).statusCode()).as(init).isEqualTo(200);
      }
    } finally {
      LadderPublisher.stop(ffmpeg);
    }
  }

  @Test
  void aRenditionThatDropsOutLeavesTheGroupAndComesBack() throws Exception {
    Process a = LadderPublisher.copy(rtmpBase() + "cam2_a");
    Process b = LadderPublisher.copy(rtmpBase() + "cam2_b");
    try {
      awaitVariants("/live/cam2/index.m3u8", 2);

      LadderPublisher.stop(b);
      String without = awaitVariants("/live/cam2/index.m3u8", 1);
      assertThat(without).contains("cam2_a/v.m3u8").doesNotContain("cam2_b");
      assertThat(origin.http().get("/live/cam2_b/v.m3u8").statusCode())
          .as("the rendition's own playlist stays served").isEqualTo(200);

      b = LadderPublisher.copy(rtmpBase() + "cam2_b");
      String back = awaitVariants("/live/cam2/index.m3u8", 2);
      assertThat(back).contains("cam2_a/v.m3u8").contains("cam2_b/v.m3u8");

      LadderPublisher.stop(a);
      LadderPublisher.stop(b);
      // The origin sees the disconnects a moment after the processes end.
      assertThat(awaitStatus("/live/cam2/index.m3u8", 404))
          .as("no rendition left: no group").isEqualTo(404);
    } finally {
      LadderPublisher.stop(a);
      LadderPublisher.stop(b);
    }
  }

  /** Polls the multivariant playlist until it lists exactly {@code count} variants. */
  private static String awaitVariants(String path, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      var r = origin.http().get(path);
      last = new String(r.body(), StandardCharsets.UTF_8);
      if (r.statusCode() == 200 && last.split("#EXT-X-STREAM-INF", -1).length - 1 == count) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " did not list " + count + " variants:\n" + last);
  }

  /** Polls {@code path} until it answers {@code status} (10 s at most); the last status. */
  private static int awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last = origin.http().get(path).statusCode();
    while (last != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
      last = origin.http().get(path).statusCode();
    }
    return last;
  }

  private static void awaitSegments(String path, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (MediaPlaylist.parse(origin.http().text(path)).segments().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " did not list " + count + " segments");
      }
      Thread.sleep(200);
    }
  }

  /** BANDWIDTH, AVERAGE-BANDWIDTH, CODECS, RESOLUTION, FRAME-RATE, URI of every variant. */
  private static List<String[]> variants(String multivariant) {
    List<String[]> out = new ArrayList<>();
    Matcher m = STREAM_INF.matcher(multivariant);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
          m.group(6)});
    }
    return out;
  }

  /** The segments of a CMAF media playlist: tfdt to "EXTINF #number". */
  private static TreeMap<Long, String> timeline(String playlistPath) throws Exception {
    MediaPlaylist playlist = MediaPlaylist.parse(origin.http().text(playlistPath));
    TreeMap<Long, String> out = new TreeMap<>();
    for (MediaPlaylist.Entry e : playlist.segments()) {
      byte[] body = origin.http().get(resolve(playlistPath, e.uri())).body();
      Matcher number = SEGMENT_NUMBER.matcher(e.uri());
      assertThat(number.find()).as(e.uri()).isTrue();
      out.put(tfdt(body), e.duration() + " #" + number.group(1));
    }
    return out;
  }

  private static long tfdt(byte[] segment) throws Exception {
    try (IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(segment)))) {
      TrackFragmentBox traf = iso.getBoxes(MovieFragmentBox.class).get(0)
          .getBoxes(TrackFragmentBox.class).get(0);
      return traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).get(0)
          .getBaseMediaDecodeTime();
    }
  }

  private static String resolve(String base, String relative) {
    return URI.create("http://h" + base).resolve(relative).getPath();
  }

  private static Element last(NodeList nodes) {
    return (Element) nodes.item(nodes.getLength() - 1);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    return children(parent, name).get(0).getTextContent();
  }
}
