package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.StreamSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The first segment of each DASH track starts with its Period, for a B-frame stream too: the
 * video's earliest presentation time equals its tfdt, its S@t and the presentationTimeOffset, and
 * the audio covers the Period start. Otherwise dash.js sees a "gap in the manifest" at 0 s, jumps
 * it, and at times hangs there. Checked for a live stream that ends and for a media-folder VOD.
 */
class DashStartAlignmentTest {
  private static final String BFRAMES = "h264-high-bframes-aac.flv";
  /** One AAC frame at 48 kHz, the audio track's timescale. */
  private static final long AAC_FRAME_TICKS = 1024;

  @TempDir static Path dataDir;

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> {
    Files.createDirectories(dataDir.resolve("media"));
    Files.copy(Tools.sample(BFRAMES), dataDir.resolve("media/show.flv"));
    // A short reconnect grace: the live stream ends, its MPD static, soon after ffmpeg is done.
    return c.withDataDir(dataDir).withStreamSettings(new StreamSettings(Duration.ofSeconds(2), 6,
        Duration.ofSeconds(1), Duration.ofMinutes(5)));
  });

  @Test
  void liveBFrameStreamStartsEveryTrackAtThePeriodStart() throws Exception {
    Process ffmpeg = Tools.publish(Tools.sample(BFRAMES),
        origin.rtmpUrl("live/starts"), false);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    origin.http().awaitText("/live/starts/index.mpd", "type=\"static\"", Duration.ofSeconds(20));
    assertTracksStartAtThePeriodStart(origin.http().url("/live/starts/index.mpd"));
  }

  @Test
  void mediaFolderBFrameFileStartsEveryTrackAtThePeriodStart() throws Exception {
    HttpResponse<byte[]> redirect = origin.http().get("/vod/show.flv/index.mpd");
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertTracksStartAtThePeriodStart(origin.http().url(location));
  }

  private static void assertTracksStartAtThePeriodStart(String mpdUrl) throws Exception {
    URI base = URI.create(mpdUrl);
    String text = new String(origin.http().get(base.getPath()).body(), StandardCharsets.UTF_8);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Element mpd = f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
    Element period = (Element) mpd.getElementsByTagNameNS("*", "Period").item(0);
    assertThat(period.getAttribute("start")).as(text).isEqualTo("PT0S");
    NodeList sets = period.getElementsByTagNameNS("*", "AdaptationSet");
    assertThat(sets.getLength()).as(text).isEqualTo(2);
    for (int i = 0; i < sets.getLength(); i++) {
      Element set = (Element) sets.item(i);
      boolean video = set.getAttribute("contentType").equals("video");
      Element template = (Element) set.getElementsByTagNameNS("*", "SegmentTemplate").item(0);
      long pto = Long.parseLong(template.getAttribute("presentationTimeOffset"));
      Element s = (Element) template.getElementsByTagNameNS("*", "S").item(0);
      long firstT = Long.parseLong(s.getAttribute("t"));
      String media = template.getAttribute("media")
          .replace("$Number$", template.getAttribute("startNumber"));
      byte[] segment = origin.http().get(base.resolve(media).getPath()).body();
      long[] times = decodeAndEarliestPresentation(segment);
      String what = (video ? "video" : "audio") + " " + media + " in\n" + text;
      assertThat(times[0]).as("tfdt is S@t: %s", what).isEqualTo(firstT);
      if (video) {
        assertThat(times[1]).as("earliest presentation time is the tfdt: %s", what)
            .isEqualTo(times[0]);
        assertThat(times[1]).as("earliest presentation time is the Period start: %s", what)
            .isEqualTo(pto);
      } else {
        // The frame that sounds at the Period start is the first: it may begin up to a frame
        // before it (the player trims it), never after (a gap).
        assertThat(times[1]).as("first audio frame at or before the Period start: %s", what)
            .isLessThanOrEqualTo(pto).isGreaterThan(pto - AAC_FRAME_TICKS);
      }
    }
  }

  /** The tfdt of a one-fragment segment and its earliest presentation time, in ticks. */
  private static long[] decodeAndEarliestPresentation(byte[] segment) throws Exception {
    try (IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(segment)))) {
      List<MovieFragmentBox> moofs = iso.getBoxes(MovieFragmentBox.class);
      TrackFragmentBox traf = moofs.get(0).getBoxes(TrackFragmentBox.class).get(0);
      long tfdt = traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).get(0)
          .getBaseMediaDecodeTime();
      long dts = tfdt;
      long earliest = Long.MAX_VALUE;
      for (TrackRunBox.Entry e : traf.getBoxes(TrackRunBox.class).get(0).getEntries()) {
        earliest = Math.min(earliest, dts + e.getSampleCompositionTimeOffset());
        dts += e.getSampleDuration();
      }
      return new long[] {tfdt, earliest};
    }
  }
}
