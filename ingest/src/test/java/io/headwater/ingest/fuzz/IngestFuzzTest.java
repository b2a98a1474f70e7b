package io.headwater.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.Amf0Reader;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import io.headwater.ingest.rtmp.handshake.Handshake;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.packager.codec.aac.AudioSpecificConfigs;
import io.headwater.packager.codec.h264.AvcDecoderConfigurationRecord;
import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.MediaSink;
import io.headwater.packager.media.Sample;
import io.headwater.packager.media.TrackFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Coverage-guided fuzz tests (Jazzer) of everything that parses publisher bytes. Under
 * {@code mvn test} they run in regression mode: each input of the corpus in
 * src/test/resources/io/headwater/ingest/fuzz/IngestFuzzTestInputs/METHOD/ once. To fuzz,
 * {@code JAZZER_FUZZ=1 mvn -pl ingest test -Dtest='IngestFuzzTest#chunkDecoder'} (one method at
 * a time; findings are written to that directory and then replay in regression mode). The typed
 * exceptions that end a connection are expected; anything else is a finding.
 */
class IngestFuzzTest {
  /** Small limits, so that the fuzzer reaches them without megabytes of input. */
  private static final RtmpLimits LIMITS = new RtmpLimits(64 * 1024, 64 * 1024, 8);

  @FuzzTest(maxDuration = "2m")
  void chunkDecoder(byte[] input) {
    ChunkDecoder decoder = new ChunkDecoder(LIMITS);
    // Feed in pieces whose sizes come from the input, as a socket would deliver them.
    int step = input.length == 0 ? 1 : (input[0] & 0x3F) + 1;
    try {
      for (int off = 0; off < input.length; off += step) {
        int n = Math.min(step, input.length - off);
        for (RawMessage raw : decoder.decode(ByteBuffer.wrap(input, off, n))) {
          try {
            MessageCodec.decode(raw);
          } catch (RtmpProtocolException e) {
            // a message the session would refuse: expected
          }
        }
      }
    } catch (RtmpProtocolException e) {
      if (!decoder.failed()) {
        throw new IllegalStateException("decoder threw but is not FAILED", e);
      }
    }
  }

  @FuzzTest(maxDuration = "2m")
  void handshake(byte[] input) {
    Handshake handshake = new Handshake(new Random(0));
    try {
      ByteBuffer in = ByteBuffer.wrap(input);
      handshake.feed(in);
      if (!handshake.isDone() && in.hasRemaining()) {
        throw new IllegalStateException("handshake left bytes unread before it was done");
      }
    } catch (RtmpProtocolException e) {
      // a refused version: expected
    }
  }

  @FuzzTest(maxDuration = "2m")
  void amf0Reader(byte[] input) {
    try {
      new Amf0Reader(new ByteReader(input)).readAll();
    } catch (MalformedMediaException e) {
      // expected for malformed AMF0
    }
  }

  @FuzzTest(maxDuration = "2m")
  void flvDemux(byte[] input) {
    FlvDemuxer demuxer = new FlvDemuxer(new MediaSink() {
      @Override
      public void onFormat(TrackFormat format) {}

      @Override
      public void onSample(Sample sample) {}
    });
    try {
      FlvReader reader = new FlvReader(new ByteArrayInputStream(input), 1 << 20);
      for (FlvTag tag = reader.next(); tag != null; tag = reader.next()) {
        demuxer.onTag(tag);
      }
    } catch (MalformedMediaException | IOException e) {
      // expected for malformed or truncated FLV
    }
  }

  @FuzzTest(maxDuration = "2m")
  void avcDecoderConfigurationRecord(byte[] input) {
    try {
      AvcDecoderConfigurationRecord.parse(input);
    } catch (MalformedMediaException e) {
      // expected
    }
  }

  @FuzzTest(maxDuration = "2m")
  void audioSpecificConfig(byte[] input) {
    try {
      AudioSpecificConfigs.parse(input);
    } catch (MalformedMediaException e) {
      // expected
    }
  }
}
