package io.headwater.origin.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The FLV a transcoder reads: header and tags as the project's own FLV reader reads them. */
class FlvStreamTest {
  @Test
  void tagsReadBackWithTypeTimestampAndBody() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(FlvStream.header());
    // Past 2^24 ms (4.6 hours): the timestamp's upper byte goes to TimestampExtended.
    FlvTag video = new FlvTag(FlvTag.VIDEO, 0x1_23_45_67L, new byte[] {0x17, 1, 0, 0, 0, 9});
    FlvTag audio = new FlvTag(FlvTag.AUDIO, 21, new byte[] {(byte) 0xAF, 1, 5});
    out.write(FlvStream.tag(video));
    out.write(FlvStream.tag(audio));

    FlvReader reader = new FlvReader(new ByteArrayInputStream(out.toByteArray()));
    reader.header();
    FlvTag first = reader.next();
    FlvTag second = reader.next();

    assertThat(first.type()).isEqualTo(FlvTag.VIDEO);
    assertThat(first.timestampMs()).isEqualTo(0x1_23_45_67L);
    assertThat(first.body()).isEqualTo(video.body());
    assertThat(second.type()).isEqualTo(FlvTag.AUDIO);
    assertThat(second.timestampMs()).isEqualTo(21);
    assertThat(second.body()).isEqualTo(audio.body());
    assertThat(reader.next()).as("end of stream").isNull();
  }

  @Test
  void previousTagSizeFollowsEachTag() {
    byte[] tag = FlvStream.tag(new FlvTag(FlvTag.AUDIO, 0, new byte[] {1, 2, 3}));

    // E.3: PreviousTagSize = 11-byte header + 3-byte body = 14.
    assertThat(tag).hasSize(11 + 3 + 4).endsWith(0, 0, 0, 14);
  }
}
