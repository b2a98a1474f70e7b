package io.headwater.bench.jmh;

import io.headwater.manifest.dash.DashInput;
import io.headwater.manifest.dash.DashOptions;
import io.headwater.manifest.dash.MpdBuilder;
import io.headwater.manifest.dash.MpdWriter;
import io.headwater.manifest.dash.StreamFormats;
import io.headwater.manifest.hls.MediaPlaylistOptions;
import io.headwater.manifest.hls.MediaPlaylistWriter;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.LiveTimeline;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.packager.timeline.TrackSegment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering one live stream's manifests from a window of segments cut from a real file: the
 * MPEG-TS and CMAF media playlists (MediaPlaylistWriter) and the dynamic MPD (MpdBuilder +
 * MpdWriter). {@code bytes} is the rate of manifest text produced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ManifestBenchmark {
  private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

  /** An FLV path, or a file name of the sample-media module. */
  @Param("h264-high-bframes-aac.flv")
  public String flv;

  /** Segments listed in the live window (the origin's default is 6). */
  @Param("6")
  public int windowSegments;

  private TimelineSnapshot snapshot;
  private DashInput dash;
  private final MpdBuilder builder = new MpdBuilder();
  private final MpdWriter writer = new MpdWriter();

  /** Builds the window once per trial: the file's segments repeated to fill it. */
  @Setup
  public void setUp() {
    MediaFixture media = MediaFixture.load(flv);
    List<List<Sample>> cuts = SegmentCuts.of(media);
    LiveTimeline timeline = new LiveTimeline("mwra39e5", windowSegments,
        Clock.fixed(START, ZoneOffset.UTC));
    timeline.setTargetDuration(2);
    long start90k = 0;
    for (int seq = 0; seq < windowSegments + 2; seq++) {
      List<Sample> segment = cuts.get(seq % cuts.size());
      long duration90k = seq % cuts.size() < cuts.size() - 1
          ? firstVideoDts(cuts.get(seq % cuts.size() + 1)) - firstVideoDts(segment)
          : SegmentCuts.TARGET_90K;
      List<TrackSegment> tracks = new ArrayList<>();
      long tsBytes = 0;
      for (TrackFormat f : new TrackFormat[] {media.video(), media.audio()}) {
        if (f == null) {
          continue;
        }
        long bytes = 0;
        for (Sample s : SegmentCuts.track(segment, f.trackId())) {
          bytes += s.size();
        }
        tsBytes += bytes;
        long startTicks = start90k * f.timescale() / 90_000;
        long durationTicks = duration90k * f.timescale() / 90_000;
        tracks.add(new TrackSegment(f.trackId(), startTicks, durationTicks, f.timescale(),
            bytes + 1_000));
      }
      Instant pdt = START.plusMillis(start90k / 90);
      timeline.append(new SegmentEntry(seq, start90k, duration90k, pdt, false, true,
          tsBytes * 11 / 10, tracks));
      start90k += duration90k;
    }
    snapshot = timeline.snapshot();
    Duration td = Duration.ofSeconds(2);
    DashOptions options = new DashOptions(td, td, td.multipliedBy(3),
        td.multipliedBy(windowSegments), "../../time");
    StreamFormats formats = new StreamFormats(media.video(), media.audio());
    dash = new DashInput(snapshot, START, 0, seq -> formats,
        Map.of(TrackFormat.VIDEO_TRACK_ID, 600_000L, TrackFormat.AUDIO_TRACK_ID, 100_000L),
        options);
  }

  private static long firstVideoDts(List<Sample> segment) {
    for (Sample s : segment) {
      if (s.trackId() == TrackFormat.VIDEO_TRACK_ID) {
        return s.dtsTicks();
      }
    }
    return segment.get(0).dtsTicks() * 90_000 / 48_000;
  }

  /** {@code ts/index.m3u8}. */
  @Benchmark
  public String tsPlaylist(ByteCounter counter) {
    String epoch = snapshot.epoch();
    String text = MediaPlaylistWriter.write(snapshot, new MediaPlaylistOptions(3, null, true),
        e -> SegmentNames.ts(epoch, e.sequenceNumber()).substring("ts/".length()));
    counter.bytes += text.length();
    return text;
  }

  /** {@code v.m3u8}: CMAF with EXT-X-MAP. */
  @Benchmark
  public byte[] cmafPlaylist(ByteCounter counter) {
    String epoch = snapshot.epoch();
    String init = SegmentNames.cmafInit(epoch, TrackFormat.VIDEO_TRACK_ID, 0);
    String text = MediaPlaylistWriter.write(snapshot, new MediaPlaylistOptions(7, null, true),
        e -> SegmentNames.cmafSegment(epoch, TrackFormat.VIDEO_TRACK_ID, e.sequenceNumber()),
        e -> init);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    counter.bytes += body.length;
    return body;
  }

  /** {@code index.mpd}: MpdBuilder then MpdWriter. */
  @Benchmark
  public String mpd(ByteCounter counter) {
    String text = writer.write(builder.build(dash));
    counter.bytes += text.length();
    return text;
  }
}
