package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.Durability;
import io.headwater.storage.SegmentKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVR on the live URLs: with {@code dvrWindow} the stream's own v.m3u8, a.m3u8 and MPD list the
 * window (far more than memory holds), the segments memory released come from the recording
 * with the same headers, and a player can start at the window's first segment and decode; with
 * {@code dvrEvent} they list the whole event as an EVENT playlist; an application without DVR is
 * unchanged. Three streams of 40 s each are published at four times real time.
 */
class LiveDvrTest {
  private static final int LIVE_SEGMENTS = 3;
  private static final int PUBLISHED_SEGMENTS = 20; // 4 x 10 s of 2 s GOPs

  @TempDir static Path dataDir;

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> {
    // A long reconnect grace keeps the streams live (no ENDLIST) once the publishers are done.
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), LIVE_SEGMENTS,
        Duration.ofMinutes(2), Duration.ofMinutes(5));
    RecordingSettings recording = RecordingSettings.OFF
        .withPolicy(new RecordPolicy(Map.of("dvr", "true", "event", "true", "plain", "true"),
            "false"))
        .withDvrWindows(Map.of("dvr", Duration.ofSeconds(20)))
        .withDvrEvents(Set.of("event"))
        .withDurability(Durability.NONE);
    return c.withStreamSettings(settings).withDataDir(dataDir).withRecording(recording);
  });

  @BeforeAll
  static void publishAll() throws Exception {
    List<Process> publishers = List.of(publish("dvr"), publish("event"), publish("plain"));
    for (Process p : publishers) {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("publisher finished").isTrue();
    }
    for (String app : List.of("dvr", "event", "plain")) {
      awaitSegments(app, PUBLISHED_SEGMENTS);
    }
  }

  /** Publishes the 10 s sample four times over, at four times real time. */
  private static Process publish(String app) throws Exception {
    return new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-readrate", "4", "-stream_loop", "3",
        "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-c", "copy", "-f", "flv",
        origin.rtmpUrl(app + "/cam"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Polls until the stream has stored {@code count} segments (the publisher has left). */
  private static void awaitSegments(String app, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      LiveStream s = origin.server().registry().get(app, "cam");
      if (s != null && s.view() != null && !s.isPublishing()
          && s.view().snapshot().lastSegment().sequenceNumber() >= count - 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(app + "/cam did not reach " + count + " segments");
  }

  private static long lastSequence(String app) {
    return origin.server().registry().get(app, "cam").view().snapshot().lastSegment()
        .sequenceNumber();
  }

  private static long mediaSequence(String playlist) {
    Matcher m = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)").matcher(playlist);
    assertThat(m.find()).as("media sequence in\n" + playlist).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static int segmentCount(String playlist) {
    return playlist.split("#EXTINF:", -1).length - 1;
  }

  /** Segments a SegmentTimeline lists: one per S, plus its repeat count. */
  private static int timelineSegments(String mpd, String contentType) {
    int start = mpd.indexOf("contentType=\"" + contentType + "\"");
    int end = mpd.indexOf("</AdaptationSet>", start);
    Matcher s = Pattern.compile("<S ([^>]*)/>").matcher(mpd.substring(start, end));
    Pattern repeat = Pattern.compile("\\br=\"(\\d+)\"");
    int n = 0;
    while (s.find()) {
      Matcher r = repeat.matcher(s.group(1));
      n += 1 + (r.find() ? Integer.parseInt(r.group(1)) : 0);
    }
    return n;
  }

  @Test
  void theLivePlaylistsListTheDvrWindowAndOlderSegmentsComeFromTheRecording() throws Exception {
    LiveStream stream = origin.server().registry().get("dvr", "cam");
    String epoch = stream.epoch();
    String video = origin.http().text("/dvr/cam/v.m3u8");
    String audio = origin.http().text("/dvr/cam/a.m3u8");
    assertThat(video).doesNotContain("#EXT-X-PLAYLIST-TYPE").doesNotContain("#EXT-X-ENDLIST");
    // 20 s window of 2 s segments: the segments that end within 20 s of the newest one's end,
    // far more than memory holds (the live window and as many again).
    int listed = segmentCount(video);
    assertThat(listed).isBetween(10, 11).isGreaterThan(2 * LIVE_SEGMENTS);
    assertThat(segmentCount(audio)).isEqualTo(listed);
    long first = mediaSequence(video);
    assertThat(first).isEqualTo(lastSequence("dvr") + 1 - listed).isPositive();
    assertThat(mediaSequence(audio)).isEqualTo(first);
    // MPEG-TS is not recorded: its playlist keeps the live window.
    assertThat(segmentCount(origin.http().text("/dvr/cam/ts/index.m3u8"))).isEqualTo(LIVE_SEGMENTS);

    // The window's first segment left memory long ago; the recording serves it, same headers.
    String name = "v/" + epoch + "-" + first + ".m4s";
    assertThat(origin.server().store().get(new SegmentKey("dvr/cam", name))).isEmpty();
    byte[] recorded = Files.readAllBytes(dataDir.resolve("recordings/dvr/cam/" + epoch + "/"
        + name));
    HttpResponse<byte[]> old = origin.http().get("/dvr/cam/" + name);
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.body()).isEqualTo(recorded);
    assertThat(old.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(old.headers().firstValue("Content-Type")).hasValue("video/mp4");
    String etag = old.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"v_" + epoch + "-" + first + ".m4s\"");
    assertThat(origin.http().get("/dvr/cam/" + name, "If-None-Match", etag).statusCode())
        .isEqualTo(304);
    HttpResponse<byte[]> range = origin.http().get("/dvr/cam/" + name, "Range", "bytes=100-199");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(recorded, 100, 200));
    // A segment that does not exist is a 404, not a disk error.
    assertThat(origin.http().get("/dvr/cam/v/" + epoch + "-" + (first + 100) + ".m4s").statusCode())
        .isEqualTo(404);

    String mpd = origin.http().text("/dvr/cam/index.mpd");
    assertThat(mpd).contains("type=\"dynamic\"", "timeShiftBufferDepth=\"PT20S\"");
    assertThat(timelineSegments(mpd, "video")).isEqualTo(listed);
  }

  @Test
  void aPlayerStartsAtTheBeginningOfTheWindowAndDecodes() throws Exception {
    TimelineSnapshot listed = origin.server().registry().get("dvr", "cam").view().listed();
    SegmentEntry oldest = listed.segments().get(0);
    String url = origin.http().url("/dvr/cam/index.m3u8");
    // ffmpeg's HLS demuxer starts a live playlist live_start_index segments from its start.
    JsonNode packets = Tools.probe(url, "-live_start_index", "0", "-select_streams", "v:0",
        "-show_entries", "packet=pts_time", "-read_intervals", "%+#1");
    double firstPts = packets.get("packets").get(0).get("pts_time").asDouble();
    assertThat(firstPts).isCloseTo(oldest.start90k() / 90_000.0, within(0.1));
    double liveEdge = listed.lastSegment().start90k() / 90_000.0;
    assertThat(liveEdge - firstPts).as("seconds behind the live edge").isGreaterThan(15);

    Tools.Result decode = Tools.run(List.of(Tools.ffmpeg(), "-v", "error",
        "-live_start_index", "0", "-i", url, "-t", "8", "-f", "null", "-"), 120);
    assertThat(decode.exitCode()).isZero();
    assertThat(decode.stderr().trim()).isEmpty();
  }

  @Test
  void wholeEventDvrListsEverySegmentAsAnEventPlaylist() throws Exception {
    String video = origin.http().text("/event/cam/v.m3u8");
    assertThat(video).contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-MEDIA-SEQUENCE:0")
        .doesNotContain("#EXT-X-ENDLIST");
    long all = lastSequence("event") + 1;
    assertThat(segmentCount(video)).isEqualTo(all).isGreaterThanOrEqualTo(PUBLISHED_SEGMENTS);
    String mpd = origin.http().text("/event/cam/index.mpd");
    assertThat(timelineSegments(mpd, "video")).isEqualTo(all);
    Matcher depth = Pattern.compile("timeShiftBufferDepth=\"PT([0-9.]+)S\"").matcher(mpd);
    assertThat(depth.find()).isTrue();
    assertThat(Double.parseDouble(depth.group(1))).isCloseTo(40.0, within(1.0));
  }

  @Test
  void anApplicationWithoutDvrKeepsTheLiveWindow() throws Exception {
    String video = origin.http().text("/plain/cam/v.m3u8");
    assertThat(video).doesNotContain("#EXT-X-PLAYLIST-TYPE");
    assertThat(segmentCount(video)).isEqualTo(LIVE_SEGMENTS);
    assertThat(mediaSequence(video)).isEqualTo(lastSequence("plain") + 1 - LIVE_SEGMENTS);
    assertThat(origin.http().text("/plain/cam/index.mpd"))
        .contains("timeShiftBufferDepth=\"PT6S\"");
    String epoch = origin.server().registry().get("plain", "cam").epoch();
    assertThat(origin.http().get("/plain/cam/v/" + epoch + "-0.m4s").statusCode()).isEqualTo(404);
  }
}
