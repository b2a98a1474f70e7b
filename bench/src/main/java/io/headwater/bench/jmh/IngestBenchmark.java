package io.headwater.bench.jmh;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * The ingest hot path on a whole file per operation: RTMP chunk reassembly (ChunkDecoder) of the
 * chunk stream a publisher sends, message decoding, and FLV demux to samples (FlvDemuxer), alone
 * and together. {@code bytes} is the input (chunk stream or FLV file) rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IngestBenchmark {
  /** Socket read size the RTMP connection uses. */
  private static final int READ_BYTES = 64 * 1024;

  /** An FLV path, or a file name of the sample-media module. */
  @Param("h264-high-bframes-aac.flv")
  public String flv;

  private MediaFixture media;

  /** Loads the input once per trial. */
  @Setup
  public void setUp() {
    media = MediaFixture.load(flv);
  }

  /** ChunkDecoder alone, fed in socket-sized reads. */
  @Benchmark
  public void chunkDecode(ByteCounter counter, Blackhole bh) throws RtmpProtocolException {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    byte[] stream = media.chunkStream();
    for (int at = 0; at < stream.length; at += READ_BYTES) {
      int n = Math.min(READ_BYTES, stream.length - at);
      for (RawMessage m : decoder.decode(ByteBuffer.wrap(stream, at, n))) {
        bh.consume(m);
      }
    }
    counter.bytes += stream.length;
  }

  /** FlvDemuxer alone, on the tags as an RTMP session hands them over. */
  @Benchmark
  public void flvDemux(ByteCounter counter, Blackhole bh) throws MalformedMediaException {
    FlvDemuxer demuxer = new FlvDemuxer(new BlackholeSink(bh));
    for (FlvTag tag : media.tags()) {
      demuxer.onTag(tag);
    }
    counter.bytes += media.flvBytes().length;
  }

  /** FlvReader + FlvDemuxer on the file, as the demo publisher reads it. */
  @Benchmark
  public void flvReadAndDemux(ByteCounter counter, Blackhole bh)
      throws IOException, MalformedMediaException {
    FlvDemuxer demuxer = new FlvDemuxer(new BlackholeSink(bh));
    demuxer.demuxAll(new FlvReader(new ByteArrayInputStream(media.flvBytes())));
    counter.bytes += media.flvBytes().length;
  }

  /** Chunk stream to samples: ChunkDecoder, MessageCodec, FlvDemuxer (what one RTMP connection does). */
  @Benchmark
  public void rtmpToSamples(ByteCounter counter, Blackhole bh)
      throws RtmpProtocolException, MalformedMediaException {
    ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
    FlvDemuxer demuxer = new FlvDemuxer(new BlackholeSink(bh));
    byte[] stream = media.chunkStream();
    for (int at = 0; at < stream.length; at += READ_BYTES) {
      int n = Math.min(READ_BYTES, stream.length - at);
      for (RawMessage raw : decoder.decode(ByteBuffer.wrap(stream, at, n))) {
        RtmpMessage m = MessageCodec.decode(raw);
        if (m instanceof RtmpMessage.VideoMessage v) {
          demuxer.onTag(new FlvTag(FlvTag.VIDEO, v.timestamp(), v.body()));
        } else if (m instanceof RtmpMessage.AudioMessage a) {
          demuxer.onTag(new FlvTag(FlvTag.AUDIO, a.timestamp(), a.body()));
        }
      }
    }
    counter.bytes += stream.length;
  }

  /** A sink that only keeps the JIT from removing the work. */
  private record BlackholeSink(Blackhole bh) implements MediaSink {
    @Override
    public void onFormat(TrackFormat format) {
      bh.consume(format);
    }

    @Override
    public void onSample(Sample sample) {
      bh.consume(sample);
    }
  }
}
