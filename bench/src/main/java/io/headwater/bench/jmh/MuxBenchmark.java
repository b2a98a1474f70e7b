package io.headwater.bench.jmh;

import io.headwater.packager.fmp4.FragmentWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.ts.TsSegmentWriter;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Muxing a whole file's samples into 2 s segments per operation: MPEG-TS (TsSegmentWriter, video
 * and audio in one transport stream) and CMAF (FragmentWriter, one fragment per track and
 * segment). {@code bytes} is the rate of sample payload bytes muxed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MuxBenchmark {
  /** An FLV path, or a file name of the sample-media module. */
  @Param("h264-high-bframes-aac.flv")
  public String flv;

  private MediaFixture media;
  private List<List<Sample>> segments;
  private List<TrackRun> runs;

  /** Loads the input and cuts it into segments once per trial. */
  @Setup
  public void setUp() {
    media = MediaFixture.load(flv);
    segments = SegmentCuts.of(media);
    runs = new ArrayList<>();
    for (TrackFormat format : new TrackFormat[] {media.video(), media.audio()}) {
      if (format == null) {
        continue;
      }
      for (int i = 0; i < segments.size(); i++) {
        List<Sample> samples = SegmentCuts.track(segments.get(i), format.trackId());
        if (samples.isEmpty()) {
          continue;
        }
        Sample last = samples.get(samples.size() - 1);
        long step = samples.size() > 1
            ? (last.dtsTicks() - samples.get(0).dtsTicks()) / (samples.size() - 1) : 1;
        runs.add(new TrackRun(format, i, samples, last.dtsTicks() + Math.max(1, step)));
      }
    }
  }

  /** The file as MPEG-TS segments: PAT, PMT, PES per sample, 188-byte packets. */
  @Benchmark
  public void tsSegments(ByteCounter counter, Blackhole bh) throws MalformedMediaException {
    TsSegmentWriter writer = new TsSegmentWriter(media.video(), media.audio());
    for (List<Sample> segment : segments) {
      writer.startSegment();
      for (Sample s : segment) {
        writer.writeSample(media.formatOf(s), s);
      }
      bh.consume(writer.finishSegment());
    }
    counter.bytes += media.sampleBytes();
  }

  /** The file as CMAF fragments: styp + moof + mdat per track and segment. */
  @Benchmark
  public void cmafFragments(ByteCounter counter, Blackhole bh) {
    for (TrackRun run : runs) {
      bh.consume(FragmentWriter.write(run.format(), run.sequenceNumber(), run.samples(),
          run.endDtsTicks()));
    }
    counter.bytes += media.sampleBytes();
  }

  /** One track's samples of one segment, with the dts that ends them. */
  private record TrackRun(TrackFormat format, long sequenceNumber, List<Sample> samples,
      long endDtsTicks) {}
}
