package io.headwater.origin.pipeline;

import io.headwater.ingest.flv.FlvDemuxer;
import io.headwater.ingest.flv.FlvReader;
import io.headwater.origin.Tools;
import io.headwater.packager.io.MalformedMediaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/** One publish session of a sample file straight into a {@link LiveStream}, as fast as it goes. */
final class SamplePublish {
  private SamplePublish() {}

  /** Attaches a publisher to {@code stream}, demuxes the whole sample file into it, detaches. */
  static void once(LiveStream stream, String sample) throws IOException, MalformedMediaException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(Tools.sample(sample)))) {
      new FlvDemuxer(stream.attachPublisher()).demuxAll(new FlvReader(in));
    }
    stream.detachPublisher();
  }
}
