package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.pipeline.StreamSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * RTMP in, CMAF out: the multivariant playlist, the per-track CMAF media playlists and the DASH
 * MPD describe one set of segments; ffprobe and ffmpeg read them over HTTP, mp4parser reads the
 * fragments, and the timing is checked against the published input.
 */
class CmafDashEndToEndTest {
  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c.withStreamSettings(
      new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(1), Duration.ofMinutes(5))));

  @TempDir static Path tmp;

  private static void publishToEnd(String file, String stream) throws Exception {
    origin.publishToEnd(file, "live/" + stream);
    origin.http().awaitText("/live/" + stream + "/index.mpd", "type=\"static\"",
        Duration.ofSeconds(20));
  }

  /** Packets of one media type from an ffprobe -show_packets answer, in file order. */
  private static List<JsonNode> packets(JsonNode probe, String type) {
    List<JsonNode> out = new ArrayList<>();
    probe.get("packets").forEach(p -> {
      if (p.get("codec_type").asText().equals(type)) {
        out.add(p);
      }
    });
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "h264-high-bframes-aac.flv, cbframes, avc1.64, true, true",
    "h264-baseline-aac.flv, cbaseline, avc1.42, true, true",
    "aac-only.flv, caudio, , false, true",
    "h264-only.flv, cvideo, avc1.4d, true, false",
  })
  void cmafRenditionsMatchTheInput(String file, String stream, String videoCodecPrefix,
      boolean hasVideo, boolean hasAudio) throws Exception {
    publishToEnd(file, stream);
    String base = "/live/" + stream + "/";

    String multivariant = origin.http().text(base + "index.m3u8");
    assertThat(multivariant).startsWith("#EXTM3U\n").contains("#EXT-X-STREAM-INF:");
    String inf = multivariant.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))
        .findFirst().orElseThrow();
    assertThat(inf).containsPattern("BANDWIDTH=[1-9][0-9]*");
    if (hasVideo) {
      assertThat(inf).contains("CODECS=\"" + videoCodecPrefix).contains("RESOLUTION=640x360");
    }
    if (hasAudio) {
      assertThat(inf).contains("mp4a.40.2");
    }

    JsonNode source = Tools.probe(Tools.sample(file).toString(), "-show_packets");
    List<String> tracks = new ArrayList<>();
    if (hasVideo) {
      tracks.add("v");
    }
    if (hasAudio) {
      tracks.add("a");
    }
    for (String track : tracks) {
      String type = track.equals("v") ? "video" : "audio";
      assertThat(multivariant).contains(track + ".m3u8");
      MediaPlaylist playlist = MediaPlaylist.parse(origin.http().text(base + track + ".m3u8"));
      String text = origin.http().text(base + track + ".m3u8");
      assertThat(text).containsPattern("#EXT-X-VERSION:(7|9)\n").contains("#EXT-X-MAP:URI=\"")
          .contains("#EXT-X-ENDLIST");
      String map = text.lines().filter(l -> l.startsWith("#EXT-X-MAP:URI=\"")).findFirst()
          .orElseThrow();
      String initUri = map.substring(16, map.length() - 1);

      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      HttpResponse<byte[]> init = origin.http().get(base + initUri);
      assertThat(init.statusCode()).isEqualTo(200);
      assertThat(init.headers().firstValue("Content-Type"))
          .hasValue(track.equals("v") ? "video/mp4" : "audio/mp4");
      assertThat(init.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      joined.write(init.body());
      long expectedTfdt = -1;
      long sequence = -1;
      for (MediaPlaylist.Entry e : playlist.segments()) {
        HttpResponse<byte[]> r = origin.http().get(base + e.uri());
        assertThat(r.statusCode()).as(e.uri()).isEqualTo(200);
        joined.write(r.body());
        try (IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(r.body())))) {
          // One moof per CMAF chunk: a segment is its LL-HLS parts, in order.
          for (MovieFragmentBox moof : iso.getBoxes(MovieFragmentBox.class)) {
            long seq = moof.getBoxes(MovieFragmentHeaderBox.class).get(0).getSequenceNumber();
            if (sequence >= 0) {
              assertThat(seq).as("mfhd sequence").isEqualTo(sequence + 1);
            }
            sequence = seq;
            TrackFragmentBox traf = moof.getBoxes(TrackFragmentBox.class).get(0);
            long tfdt = traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).get(0)
                .getBaseMediaDecodeTime();
            if (expectedTfdt >= 0) {
              assertThat(tfdt).as("tfdt in %s continues the previous chunk", e.uri())
                  .isEqualTo(expectedTfdt);
            }
            long sum = 0;
            for (TrackRunBox.Entry entry : traf.getBoxes(TrackRunBox.class).get(0).getEntries()) {
              sum += entry.getSampleDuration();
            }
            expectedTfdt = tfdt + sum;
          }
        }
      }
      Path joinedFile = tmp.resolve(stream + "-" + track + ".mp4");
      Files.write(joinedFile, joined.toByteArray());
      assertThat(Tools.decodeErrors(joinedFile.toString())).as("decode %s", track).isEmpty();

      JsonNode ours = Tools.probe(joinedFile.toString(), "-show_packets");
      List<JsonNode> got = packets(ours, type);
      List<JsonNode> want = packets(source, type);
      if (track.equals("v")) {
        assertThat(got).as("video frames").hasSameSizeAs(want);
        // Presentation times, from the first keyframe's: the CMAF decode times of a B-frame
        // stream start later than the publisher's (the keyframe presents at its decode time).
        double gotBase = got.get(0).get("pts_time").asDouble();
        double wantBase = want.get(0).get("pts_time").asDouble();
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.get(i).get("pts_time").asDouble() - gotBase)
              .as("pts of frame %d", i)
              .isCloseTo(want.get(i).get("pts_time").asDouble() - wantBase, within(0.0015));
          assertThat(got.get(i).get("flags").asText().startsWith("K"))
              .isEqualTo(want.get(i).get("flags").asText().startsWith("K"));
        }
      } else {
        assertThat(got.size()).as("audio frames").isBetween(want.size() - 2, want.size());
      }
    }

    // The same media through the manifests, over HTTP, with the players' demuxers.
    assertThat(Tools.decodeErrors(origin.http().url(base + "index.m3u8"))).as("HLS decode")
        .isEmpty();
    assertThat(Tools.decodeErrors(origin.http().url(base + "index.mpd"))).as("DASH decode")
        .isEmpty();
    if (hasVideo) {
      // The video alone: ffmpeg's DASH demuxer stops at the first representation's end, and the
      // decode times of B-frame video run a composition delay past the audio's.
      JsonNode dash = Tools.probe(origin.http().url(base + "index.mpd"), "-select_streams", "v",
          "-show_packets");
      assertThat(packets(dash, "video")).as("video frames via DASH")
          .hasSameSizeAs(packets(source, "video"));
    }

    Document mpd = xml(origin.http().text(base + "index.mpd"));
    Element root = mpd.getDocumentElement();
    assertThat(root.getAttribute("type")).isEqualTo("static");
    assertThat(root.getAttribute("mediaPresentationDuration")).startsWith("PT10");
    assertThat(root.getAttribute("profiles")).contains("urn:mpeg:dash:profile:isoff-live:2011");
  }

  @Test
  void liveMpdIsDynamicListsOnlyStoredSegmentsAndPointsAtTheOriginClock() throws Exception {
    Process ffmpeg = Tools.publish(Tools.sample("h264-high-bframes-aac.flv"),
        origin.rtmpUrl("live/clive"), true);
    try {
      String text = origin.http().awaitText("/live/clive/index.mpd", "<S ", Duration.ofSeconds(20));
      Element root = xml(text).getDocumentElement();
      assertThat(root.getAttribute("type")).isEqualTo("dynamic");
      Instant ast = Instant.parse(root.getAttribute("availabilityStartTime"));
      assertThat(ast).isBetween(Instant.now().minusSeconds(30), Instant.now());
      assertThat(root.getAttribute("minimumUpdatePeriod")).isNotEmpty();
      assertThat(root.getAttribute("timeShiftBufferDepth")).isNotEmpty();
      assertThat(root.getAttribute("suggestedPresentationDelay")).isEqualTo("PT6S");
      Element utc = (Element) root.getElementsByTagNameNS("*", "UTCTiming").item(0);
      assertThat(utc.getAttribute("schemeIdUri")).isEqualTo("urn:mpeg:dash:utc:http-iso:2014");
      assertThat(utc.getAttribute("value")).endsWith("/time");
      HttpResponse<byte[]> time = origin.http().get("/time");
      assertThat(time.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(Instant.parse(new String(time.body()).trim()))
          .isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));

      HttpResponse<byte[]> first = origin.http().get("/live/clive/index.mpd");
      assertThat(first.headers().firstValue("Content-Type")).hasValue("application/dash+xml");
      String etag = first.headers().firstValue("ETag").orElseThrow();
      int conditional = origin.http().get("/live/clive/index.mpd", "If-None-Match", etag)
          .statusCode();
      assertThat(conditional).isIn(200, 304);

      // Every segment the MPD lists is downloadable now.
      Document doc = xml(new String(first.body()));
      NodeList templates = doc.getElementsByTagNameNS("*", "SegmentTemplate");
      int checked = 0;
      for (int i = 0; i < templates.getLength(); i++) {
        Element t = (Element) templates.item(i);
        long number = Long.parseLong(t.getAttribute("startNumber"));
        NodeList s = t.getElementsByTagNameNS("*", "S");
        for (int j = 0; j < s.getLength(); j++) {
          Element e = (Element) s.item(j);
          long repeat = e.hasAttribute("r") ? Long.parseLong(e.getAttribute("r")) : 0;
          for (long k = 0; k <= repeat; k++, number++) {
            String uri = t.getAttribute("media").replace("$Number$", Long.toString(number));
            assertThat(origin.http().get("/live/clive/" + uri).statusCode()).as(uri).isEqualTo(200);
            checked++;
          }
        }
        String init = t.getAttribute("initialization");
        assertThat(origin.http().get("/live/clive/" + init).statusCode()).as(init).isEqualTo(200);
      }
      assertThat(checked).isPositive();

      JsonNode streams = Tools.probe(origin.http().url("/live/clive/index.mpd"), "-show_streams");
      List<String> codecs = new ArrayList<>();
      streams.get("streams").forEach(s -> codecs.add(s.get("codec_name").asText()));
      assertThat(codecs).contains("h264", "aac");
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void tenMinutesOfMediaKeepAudioAndVideoInSync() throws Exception {
    Path sent = tmp.resolve("sent.flv");
    // Ten minutes of media from a real encoder (small picture, so it encodes fast), published
    // as fast as ffmpeg can; the tee keeps exactly what was published.
    Tools.Result r = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=30:duration=600",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=600",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-keyint_min", "60",
        "-sc_threshold", "0", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
        "-map", "0:v", "-map", "1:a", "-f", "tee",
        "[f=flv]" + origin.rtmpUrl("live/long") + "|[f=flv]" + sent), 300);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    origin.http().awaitText("/live/long/index.mpd", "type=\"static\"", Duration.ofSeconds(30));

    JsonNode input = Tools.probe(sent.toString(), "-show_packets");
    List<JsonNode> inVideo = packets(input, "video");
    List<JsonNode> inAudio = packets(input, "audio");
    double inVideoEnd = inVideo.get(inVideo.size() - 1).get("pts_time").asDouble();
    double inAudioEnd = inAudio.get(inAudio.size() - 1).get("pts_time").asDouble();
    assertThat(inVideoEnd).isGreaterThan(599);

    // The last chunk of each track's last segment: its tfdt plus all but its last sample's
    // durations is the decode time of its last sample, plus its composition offset its
    // presentation time (what stays in sync; CMAF decode times of B-frame video start later).
    double[] ends = new double[2];
    String[] track = {"v", "a"};
    for (int t = 0; t < 2; t++) {
      MediaPlaylist playlist = MediaPlaylist.parse(
          origin.http().text("/live/long/" + track[t] + ".m3u8"));
      MediaPlaylist.Entry last = playlist.segments().get(playlist.segments().size() - 1);
      byte[] body = origin.http().get("/live/long/" + last.uri()).body();
      long timescale = t == 0 ? 90_000 : 48_000;
      try (IsoFile iso = new IsoFile(Channels.newChannel(new ByteArrayInputStream(body)))) {
        List<MovieFragmentBox> moofs = iso.getBoxes(MovieFragmentBox.class);
        TrackFragmentBox traf = moofs.get(moofs.size() - 1).getBoxes(TrackFragmentBox.class)
            .get(0);
        long dts = traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).get(0)
            .getBaseMediaDecodeTime();
        List<TrackRunBox.Entry> entries = traf.getBoxes(TrackRunBox.class).get(0).getEntries();
        for (int i = 0; i < entries.size() - 1; i++) {
          dts += entries.get(i).getSampleDuration();
        }
        long pts = dts + entries.get(entries.size() - 1).getSampleCompositionTimeOffset();
        ends[t] = pts / (double) timescale;
      }
    }
    var delay = origin.server().registry().get("live", "long").availabilityDelay();
    System.out.printf("ingest-to-listed delay over %d views: p50 <= %d us, p95 <= %d us, "
        + "p99 <= %d us%n", delay.count(), delay.quantileMicros(0.5),
        delay.quantileMicros(0.95), delay.quantileMicros(0.99));
    double frame = 1024 / 48_000.0;
    assertThat(ends[0]).as("last video presentation time vs input").isCloseTo(inVideoEnd,
        within(0.0011));
    assertThat(ends[1]).as("last audio presentation time vs input").isCloseTo(inAudioEnd,
        within(frame));
    assertThat(ends[0] - ends[1]).as("video end minus audio end, ours vs input")
        .isCloseTo(inVideoEnd - inAudioEnd, within(frame));
  }

  private static Document xml(String text) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes("UTF-8")));
  }
}
