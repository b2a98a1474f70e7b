package io.headwater.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.RtmpProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The relay's parser on the bytes ffmpeg 7.1 sent when publishing through it: handshake, connect,
 * Set Chunk Size 4096, then 1.5 s of 320x240 H.264 at 10 fps (keyframe every 5 frames) and AAC,
 * recorded by {@code IngestAvailabilityProbe --record}.
 */
class RtmpTapTest {
  private static byte[] recording() throws IOException {
    try (InputStream in = RtmpTapTest.class.getResourceAsStream(
        "/ffmpeg-publish-320x240-10fps.rtmp")) {
      return in.readAllBytes();
    }
  }

  @Test
  void findsEveryFrameOfTheRecordedPublish() throws Exception {
    byte[] bytes = recording();
    RtmpTap tap = new RtmpTap();

    List<VideoArrival> videos = tap.accept(bytes, 0, bytes.length, 7);

    assertThat(tap.chunkSize()).as("the publisher's Set Chunk Size, applied").isEqualTo(4096);
    assertThat(videos.get(0).sequenceHeader()).isTrue();
    List<VideoArrival> frames = videos.stream().filter(VideoArrival::isFrame).toList();
    // ffmpeg starts the video at 21 ms (its AAC encoder's priming moves the audio to 0).
    assertThat(frames).extracting(VideoArrival::flvTimestampMs)
        .containsExactly(21L, 121L, 221L, 321L, 421L, 521L, 621L, 721L, 821L, 921L, 1021L, 1121L,
            1221L, 1321L, 1421L);
    assertThat(frames).filteredOn(VideoArrival::keyframe).extracting(VideoArrival::flvTimestampMs)
        .containsExactly(21L, 521L, 1021L);
    assertThat(frames).allSatisfy(f -> assertThat(f.compositionTimeMs()).isZero());
    assertThat(frames.get(0).payloadBytes()).as("a keyframe spans several 4096-byte chunks")
        .isGreaterThan(4096);
    assertThat(videos).allSatisfy(v -> assertThat(v.arrivalNanos()).isEqualTo(7));
  }

  @Test
  void reportsTheAudioBetweenTheFrames() throws Exception {
    byte[] bytes = recording();
    List<AudioArrival> audio = new ArrayList<>();

    new RtmpTap().accept(bytes, 0, bytes.length, 3, audio);

    assertThat(audio.get(0).sequenceHeader()).isTrue();
    List<AudioArrival> frames = audio.stream().filter(a -> !a.sequenceHeader()).toList();
    // 1.5 s of 48 kHz AAC: 1024-sample frames, 21.33 ms apart, from 0.
    assertThat(frames).hasSizeBetween(70, 72);
    assertThat(frames.get(0).flvTimestampMs()).isZero();
    assertThat(frames.get(3).flvTimestampMs()).isEqualTo(64);
  }

  @Test
  void stampsEachFrameWithTheReadThatCarriedItsLastByte() throws Exception {
    byte[] bytes = recording();
    // One byte per read, stamped with its offset: where each message's last byte is.
    RtmpTap byteWise = new RtmpTap();
    List<Long> lastByte = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      for (VideoArrival v : byteWise.accept(bytes, i, 1, i)) {
        lastByte.add(v.arrivalNanos());
      }
    }
    // Reads of random sizes, stamped with their last offset: a message must get the read that
    // holds its last byte, not an earlier or later one.
    Random random = new Random(42);
    RtmpTap pieces = new RtmpTap();
    List<long[]> reads = new ArrayList<>(); // {first offset, last offset} per reported message
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(9000));
      for (VideoArrival v : pieces.accept(bytes, at, n, at + n - 1)) {
        reads.add(new long[] {at, v.arrivalNanos()});
      }
      at += n;
    }

    assertThat(lastByte).hasSize(17).isSorted();
    assertThat(reads).hasSameSizeAs(lastByte);
    for (int i = 0; i < reads.size(); i++) {
      assertThat(lastByte.get(i)).isBetween(reads.get(i)[0], reads.get(i)[1]);
    }
  }

  @Test
  void handshakeBytesAreNotParsedAsChunks() throws Exception {
    byte[] bytes = recording();
    RtmpTap tap = new RtmpTap();

    assertThat(tap.accept(bytes, 0, RtmpTap.HANDSHAKE_BYTES, 1)).isEmpty();
    assertThat(tap.accept(bytes, RtmpTap.HANDSHAKE_BYTES, bytes.length - RtmpTap.HANDSHAKE_BYTES,
        2)).filteredOn(VideoArrival::isFrame).hasSize(15);
  }

  @Test
  void refusesAStreamThatIsNotRtmp() {
    byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> new RtmpTap().accept(http, 0, http.length, 0))
        .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("C0 version 71");
  }
}
