package io.headwater.bench.jmh;

import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic input for the benchmarks, made once per trial from an FLV file: the file's bytes,
 * its tags, the RTMP chunk stream a publisher would send for them (chunk size 4096, as OBS and
 * ffmpeg use), and the demuxed samples in arrival order with their formats.
 *
 * @param flvBytes the whole file
 * @param tags the tags, timestamps unwrapped
 * @param chunkStream the tags as RTMP audio/video/data messages, chunked
 * @param video the H.264 format, or null
 * @param audio the AAC format, or null
 * @param samples every sample in arrival (file) order
 * @param sampleBytes the sum of the samples' payload sizes
 */
public record MediaFixture(byte[] flvBytes, List<FlvTag> tags, byte[] chunkStream,
    TrackFormat video, TrackFormat audio, List<Sample> samples, long sampleBytes) {
  /** Outgoing chunk size of the simulated publisher. */
  public static final int CHUNK_SIZE = 4096;
  private static final int CSID_AUDIO = 4;
  private static final int CSID_VIDEO = 6;
  private static final int CSID_DATA = 5;

  /**
   * Loads {@code name}: a path to an FLV file, else the name of a file of the sample-media
   * module (e.g. {@code h264-high-bframes-aac.flv}).
   */
  public static MediaFixture load(String name) {
    try {
      byte[] bytes = readBytes(name);
      List<FlvTag> tags = new ArrayList<>();
      FlvReader reader = new FlvReader(new ByteArrayInputStream(bytes));
      for (FlvTag t = reader.next(); t != null; t = reader.next()) {
        tags.add(t);
      }
      Collector collector = new Collector();
      FlvDemuxer demuxer = new FlvDemuxer(collector);
      for (FlvTag t : tags) {
        demuxer.onTag(t);
      }
      long sampleBytes = 0;
      for (Sample s : collector.samples) {
        sampleBytes += s.size();
      }
      return new MediaFixture(bytes, List.copyOf(tags), chunk(tags), collector.video,
          collector.audio, List.copyOf(collector.samples), sampleBytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MalformedMediaException e) {
      throw new IllegalArgumentException("benchmark input " + name + ": " + e.getMessage(), e);
    }
  }

  /** The format of {@code sample}'s track. */
  public TrackFormat formatOf(Sample sample) {
    return sample.trackId() == TrackFormat.VIDEO_TRACK_ID ? video : audio;
  }

  private static byte[] readBytes(String name) throws IOException {
    Path path = Path.of(name);
    if (Files.isRegularFile(path)) {
      return Files.readAllBytes(path);
    }
    try (InputStream in = MediaFixture.class.getResourceAsStream("/sample-media/" + name)) {
      if (in == null) {
        throw new IOException("no file " + name + " and no sample-media/" + name + " resource");
      }
      return in.readAllBytes();
    }
  }

  /** RTMP 1.0 5.3: Set Chunk Size, then each tag as one message on its chunk stream. */
  private static byte[] chunk(List<FlvTag> tags) {
    ChunkEncoder encoder = new ChunkEncoder();
    ByteWriter out = new ByteWriter(1 << 20);
    encoder.encode(MessageCodec.encode(new SetChunkSize(CHUNK_SIZE), 2, 0), out);
    for (FlvTag t : tags) {
      int csid = switch (t.type()) {
        case FlvTag.AUDIO -> CSID_AUDIO;
        case FlvTag.VIDEO -> CSID_VIDEO;
        default -> CSID_DATA;
      };
      int typeId = t.type() == FlvTag.SCRIPT_DATA ? 18 : t.type();
      encoder.encode(new RawMessage(csid, typeId, t.timestampMs() & 0xFFFF_FFFFL, 1, t.body()),
          out);
    }
    return out.toByteArray();
  }

  /** Keeps what the demuxer delivers. */
  private static final class Collector implements MediaSink {
    final List<Sample> samples = new ArrayList<>();
    TrackFormat video;
    TrackFormat audio;

    @Override
    public void onFormat(TrackFormat format) {
      if (format.trackId() == TrackFormat.VIDEO_TRACK_ID) {
        video = format;
      } else {
        audio = format;
      }
    }

    @Override
    public void onSample(Sample sample) {
      samples.add(sample);
    }
  }
}
