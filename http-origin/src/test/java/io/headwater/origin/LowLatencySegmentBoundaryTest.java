package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.StreamSettings;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A player's chain of LL-HLS blocking reloads across segment boundaries, as hls.js makes it: each
 * reload asks for the part after the last one listed ({@code _HLS_msn}/{@code _HLS_part}), or for
 * part 0 of the next segment once the last listed part closed its segment. Every answer must list
 * what was asked for (draft-pantos-hls-rfc8216bis 6.2.5.2: the server holds the request "until the
 * Playlist contains" that part); an answer that lists less takes the player back a segment, which
 * is where hls.js ran dry, at every 2 s boundary.
 */
class LowLatencySegmentBoundaryTest {
  private static final Pattern PART = Pattern.compile(
      "#EXT-X-PART:DURATION=[0-9.]+,URI=\"[av]/[a-z0-9]+-([0-9]+)\\.([0-9]+)\\.m4s\"");
  private static final Pattern SEGMENT = Pattern.compile(
      "^[av]/[a-z0-9]+-([0-9]+)\\.m4s$", Pattern.MULTILINE);

  /** What one answer lists at its end. */
  private record Edge(long lastSegment, long lastPartSegment, int lastPart, boolean ended) {
    static Edge of(String playlist) {
      long segment = -1;
      Matcher s = SEGMENT.matcher(playlist);
      while (s.find()) {
        segment = Long.parseLong(s.group(1));
      }
      long partSegment = -1;
      int part = -1;
      Matcher p = PART.matcher(playlist);
      while (p.find()) {
        partSegment = Long.parseLong(p.group(1));
        part = Integer.parseInt(p.group(2));
      }
      return new Edge(segment, partSegment, part, playlist.contains("#EXT-X-ENDLIST"));
    }

    /** The reload a player makes next: the part after the last, or the next segment's first. */
    long[] next() {
      return lastPartSegment > lastSegment ? new long[] {lastPartSegment, lastPart + 1}
          : new long[] {lastSegment + 1, 0};
    }
  }

  /** What following one playlist's reloads found. */
  private record Chain(String track, int boundaries, List<String> shortAnswers) {}

  @Test
  void everyBlockingReloadListsThePartItAskedForAcrossSegmentBoundaries() throws Exception {
    StreamSettings settings = StreamSettings.DEFAULTS
        .withPartTarget(StreamSettings.DEFAULT_PART_TARGET);
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0).withStreamSettings(settings),
        Clock.systemUTC())) {
      Http http = new Http(server.httpPort());
      // 10 s, a keyframe every 2 s: live pacing makes each reload wait for its part.
      Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/ll", true);
      try {
        http.awaitText("/live/ll/v.m3u8", "#EXT-X-PRELOAD-HINT", Duration.ofSeconds(20));
        http.awaitText("/live/ll/a.m3u8", "#EXT-X-PRELOAD-HINT", Duration.ofSeconds(20));
        CompletableFuture<Chain> video = CompletableFuture.supplyAsync(() -> follow(http, "v"));
        CompletableFuture<Chain> audio = CompletableFuture.supplyAsync(() -> follow(http, "a"));
        for (Chain c : List.of(video.get(60, TimeUnit.SECONDS), audio.get(60, TimeUnit.SECONDS))) {
          assertThat(c.boundaries()).as("%s: segment boundaries crossed", c.track())
              .isGreaterThanOrEqualTo(2);
          assertThat(c.shortAnswers()).as("%s: reloads answered without what they asked for",
              c.track()).isEmpty();
        }
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Follows {@code track}'s blocking reloads until three segment boundaries or the end. */
  private static Chain follow(Http http, String track) {
    List<String> shortAnswers = new ArrayList<>();
    int boundaries = 0;
    try {
      Edge edge = Edge.of(http.text("/live/ll/" + track + ".m3u8"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (boundaries < 3 && !edge.ended() && System.nanoTime() < deadline) {
        long[] ask = edge.next();
        HttpResponse<byte[]> r = http.get("/live/ll/" + track + ".m3u8?_HLS_msn=" + ask[0]
            + "&_HLS_part=" + ask[1]);
        if (r.statusCode() != 200) {
          shortAnswers.add(ask[0] + "." + ask[1] + ": status " + r.statusCode());
          break;
        }
        String text = new String(r.body());
        Edge answer = Edge.of(text);
        boolean listsPart = text.contains("-" + ask[0] + "." + ask[1] + ".m4s\"");
        // A part index past the last of a segment that closed means the next one's part 0.
        boolean listsNextSegment = answer.lastSegment() >= ask[0]
            && text.contains("-" + (ask[0] + 1) + ".0.m4s\"");
        if (!answer.ended() && !listsPart && !listsNextSegment) {
          shortAnswers.add(ask[0] + "." + ask[1] + ": answered with " + answer);
        }
        if (answer.lastSegment() > edge.lastSegment()) {
          boundaries++;
        }
        edge = answer;
      }
    } catch (Exception e) {
      shortAnswers.add("failed: " + e);
    }
    return new Chain(track, boundaries, shortAnswers);
  }
}
