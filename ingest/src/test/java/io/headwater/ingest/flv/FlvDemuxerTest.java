package io.headwater.ingest.flv;

import static io.headwater.ingest.rtmp.amf.AmfValue.bool;
import static io.headwater.ingest.rtmp.amf.AmfValue.number;
import static io.headwater.ingest.rtmp.amf.AmfValue.object;
import static io.headwater.ingest.rtmp.amf.AmfValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.ingest.rtmp.amf.Amf0Writer;
import io.headwater.packager.io.ByteWriter;
import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.Sample;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlvDemuxerTest {
  /** The H.264 sequence header tag body of sample-media/h264-high-bframes-aac.flv. */
  private static final byte[] AVC_SEQUENCE_HEADER = hex("1700000000"
      + "0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000468efbcb0"
      + "fdf8f800");
  /** The baseline file's sequence header: a different format. */
  private static final byte[] AVC_BASELINE_SEQUENCE_HEADER = hex("1700000000"
      + "0142c01effe100196742c01eda0280bfe5c044000003000400000300f03c58ba8001000468ce3c80");
  /** AAC sequence header: AudioSpecificConfig LC 48 kHz stereo. */
  private static final byte[] AAC_48K_SEQUENCE_HEADER = hex("af00" + "1190");
  /** AAC sequence header: AudioSpecificConfig LC 44.1 kHz stereo. */
  private static final byte[] AAC_44K_SEQUENCE_HEADER = hex("af00" + "1210");
  private static final String IDR = "00000004" + "65888400";
  private static final String NON_IDR = "00000004" + "419a2000";

  private final RecordingSink sink = new RecordingSink();
  private final FlvDemuxer demuxer = new FlvDemuxer(sink);

  @Test
  void emptySequenceHeadersAreIgnoredUntilTheRealOnesArrive() throws Exception {
    // ffmpeg's FLV muxer sends these when the encoder's configuration is not known at header
    // time (a tee output of a live encode).
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, hex("1700000000")));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 0, hex("af00")));
    assertThat(sink.formats).isEmpty();

    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, AVC_SEQUENCE_HEADER));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 0, AAC_48K_SEQUENCE_HEADER));
    assertThat(sink.formats).extracting(f -> f.config().codecString())
        .containsExactly("avc1.64001e", "mp4a.40.2");
  }

  @Test
  void backwardJumpOfBothTracksIsOneDiscontinuityAndSamplesContinue() throws Exception {
    start();
    video(5_000, true);
    audio(5_000);
    video(5_033, false);
    audio(5_021);
    video(5_067, false);
    audio(5_043);
    // the publisher restarted its clock
    video(0, true);
    audio(5);
    video(33, false);
    audio(26);

    assertThat(sink.discontinuities).isEqualTo(1);
    assertThat(demuxer.discontinuityCount()).isEqualTo(1);
    assertThat(sink.events).containsSubsequence("sample 1 456030", "discontinuity", "sample 1 0");
    assertThat(sink.videoSamples).extracting(Sample::dtsTicks)
        .containsExactly(450_000L, 452_970L, 456_030L, 0L, 2970L);
    // audio re-anchors to the tag after the break, then counts again
    assertThat(sink.audioSamples).extracting(Sample::dtsTicks)
        .containsExactly(240_000L, 241_024L, 242_048L, 240L, 1264L);
  }

  @Test
  void forwardJumpOverTenSecondsIsADiscontinuity() throws Exception {
    start();
    video(0, true);
    video(9_033, false); // 9 s gap: a stall, still the same timeline
    video(20_000, true); // 11 s ahead

    assertThat(sink.discontinuities).isEqualTo(1);
    assertThat(sink.events).containsSubsequence("sample 1 812970", "discontinuity",
        "sample 1 1800000");
  }

  @Test
  void interleavingAudioBehindVideoIsNotADiscontinuity() throws Exception {
    start();
    video(0, true);
    video(400, false);
    audio(0); // 400 ms behind video: normal interleaving
    audio(21);
    video(433, false);
    video(100, false); // video itself 333 ms back: tolerated

    assertThat(sink.discontinuities).isZero();
  }

  @Test
  void audioTimesAreCountedNotRounded() throws Exception {
    start();
    long[] ms = {1000, 1021, 1043, 1064, 1085, 1107, 1128, 1149};
    for (long t : ms) {
      audio(t);
    }

    assertThat(sink.audioSamples).extracting(Sample::dtsTicks)
        .containsExactly(48_000L, 49_024L, 50_048L, 51_072L, 52_096L, 53_120L, 54_144L,
            55_168L);
  }

  @Test
  void audioJitterWithinToleranceKeepsCountingAndAGapResynchronises() throws Exception {
    start();
    audio(0);
    audio(21);
    audio(43 + 60); // 60 ms late: within max(2 frames, 100 ms)
    audio(2_000); // an audio gap of almost 2 s

    assertThat(sink.audioSamples).extracting(Sample::dtsTicks)
        .containsExactly(0L, 1024L, 2048L, 96_000L);
    assertThat(sink.discontinuities).isZero();
  }

  @Test
  void identicalSequenceHeadersGiveOneFormatAndChangedOnesANewOne() throws Exception {
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, AVC_SEQUENCE_HEADER));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 0, AAC_48K_SEQUENCE_HEADER));
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, AVC_SEQUENCE_HEADER.clone()));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 0, AAC_48K_SEQUENCE_HEADER.clone()));
    audio(0);
    audio(21);
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 40, AVC_BASELINE_SEQUENCE_HEADER));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 40, AAC_44K_SEQUENCE_HEADER));
    audio(43);

    assertThat(sink.formats).extracting(f -> f.config().codecString())
        .containsExactly("avc1.64001e", "mp4a.40.2", "avc1.42c01e", "mp4a.40.2");
    assertThat(sink.formats.get(3).timescale()).isEqualTo(44_100);
    // the counter restarts at the new rate: round(43 ms * 44.1)
    assertThat(sink.audioSamples.get(2).dtsTicks()).isEqualTo(1896L);
  }

  @Test
  void samplesBeforeTheSequenceHeaderAreDropped() throws Exception {
    video(0, true);
    audio(0);
    start();
    video(33, true);

    assertThat(demuxer.droppedSampleCount()).isEqualTo(2);
    assertThat(sink.videoSamples).singleElement()
        .satisfies(s -> assertThat(s.dtsTicks()).isEqualTo(33 * 90));
    assertThat(sink.events.get(0)).startsWith("format");
  }

  @Test
  void keyframesFollowTheNalUnitsNotTheFrameType() throws Exception {
    start();
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, hex("1701000000" + NON_IDR))); // says key
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 33, hex("2701000000" + IDR))); // says inter

    assertThat(sink.videoSamples).extracting(Sample::keyframe).containsExactly(false, true);
  }

  @Test
  void compositionTimeIsSigned24BitMilliseconds() throws Exception {
    start();
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 100, hex("1701000043" + IDR))); // +67 ms
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 133, hex("2701ffffde" + NON_IDR))); // -34 ms

    assertThat(sink.videoSamples).extracting(Sample::compositionOffsetTicks)
        .containsExactly(67 * 90, -34 * 90);
    assertThat(sink.videoSamples.get(0).data().remaining()).isEqualTo(8);
  }

  @Test
  void endOfSequenceAndUnknownTagTypesAreIgnored() throws Exception {
    start();
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, hex("1702000000")));
    demuxer.onTag(new FlvTag(15, 0, hex("00")));

    assertThat(sink.events).hasSize(2); // the two formats
  }

  static Stream<Arguments> malformedTags() {
    return Stream.of(
        Arguments.of("Sorenson H.263", FlvTag.VIDEO, hex("2200"), "unsupported video codec id 2"),
        Arguments.of("enhanced RTMP HEVC", FlvTag.VIDEO, bytes("\u0090hvc1"),
            "unsupported video codec FourCC 'hvc1'"),
        Arguments.of("MP3", FlvTag.AUDIO, hex("2f00"), "unsupported audio sound format 2 (MP3)"),
        Arguments.of("enhanced RTMP Opus", FlvTag.AUDIO, bytes("\u0090Opus"),
            "unsupported audio codec FourCC 'Opus'"),
        Arguments.of("empty video", FlvTag.VIDEO, new byte[0], "video tag: empty body"),
        Arguments.of("empty audio", FlvTag.AUDIO, new byte[0], "audio tag: empty body"),
        Arguments.of("empty script", FlvTag.SCRIPT_DATA, new byte[0], "script data tag: empty"),
        Arguments.of("no AVCPacketType", FlvTag.VIDEO, hex("17"),
            "truncated video tag AVCPacketType"),
        Arguments.of("cut CompositionTime", FlvTag.VIDEO, hex("170100"),
            "truncated video tag CompositionTime"),
        Arguments.of("no AACPacketType", FlvTag.AUDIO, hex("af"),
            "truncated audio tag AACPacketType"),
        Arguments.of("cut enhanced FourCC", FlvTag.VIDEO, hex("9068"),
            "truncated video tag FourCC"),
        Arguments.of("bad AVC record", FlvTag.VIDEO, hex("17000000000264"),
            "configurationVersion 2"),
        Arguments.of("bad AudioSpecificConfig", FlvTag.AUDIO, hex("af0012"),
            "samplingFrequencyIndex"),
        Arguments.of("unknown AVCPacketType", FlvTag.VIDEO, hex("1703000000"),
            "unknown AVCPacketType 3"),
        Arguments.of("cut AMF", FlvTag.SCRIPT_DATA, hex("02000a6f6e4d65746144"),
            "script data tag: truncated AMF0 string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTags")
  void malformedTagsNameTheField(String name, int type, byte[] body, String message) {
    assertThatThrownBy(() -> demuxer.onTag(new FlvTag(type, 0, body)))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining(message);
  }

  @Test
  void nalLengthBeyondTheSampleIsMalformed() throws Exception {
    start();

    assertThatThrownBy(
            () -> demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, hex("1701000000" + "000000ff65"))))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("NAL unit length 255");
  }

  @Test
  void onMetaDataAsEcmaArrayDeclaresTracksFromCodecIds() throws Exception {
    ByteWriter body = new ByteWriter();
    body.bytes(Amf0Writer.encode(string("onMetaData")));
    body.u8(0x08).u32(2); // ECMA array, associative count hint
    property(body, "videocodecid", 7);
    property(body, "audiocodecid", 10);
    body.u16(0).u8(0x09);

    demuxer.onTag(new FlvTag(FlvTag.SCRIPT_DATA, 0, body.toByteArray()));

    assertThat(sink.events).containsExactly("declared video=true audio=true");
  }

  @Test
  void onMetaDataFlagsWinOverCodecIdsAndSetDataFrameIsUnwrapped() throws Exception {
    byte[] body = Amf0Writer.encode(string("@setDataFrame"), string("onMetaData"),
        object("hasVideo", bool(false), "videocodecid", number(7), "audiocodecid", number(10)));

    demuxer.onTag(new FlvTag(FlvTag.SCRIPT_DATA, 0, body));

    assertThat(sink.events).containsExactly("declared video=false audio=true");
  }

  @Test
  void otherScriptDataAndMetadataWithoutTrackKeysDeclareNothing() throws Exception {
    demuxer.onTag(new FlvTag(FlvTag.SCRIPT_DATA, 0,
        Amf0Writer.encode(string("onCuePoint"), object("name", string("ad")))));
    demuxer.onTag(new FlvTag(FlvTag.SCRIPT_DATA, 0,
        Amf0Writer.encode(string("onMetaData"), object("duration", number(10)))));

    assertThat(sink.events).isEmpty();
  }

  private void start() throws MalformedMediaException {
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, 0, AVC_SEQUENCE_HEADER));
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, 0, AAC_48K_SEQUENCE_HEADER));
  }

  private void video(long timestampMs, boolean idr) throws MalformedMediaException {
    String header = idr ? "1701000000" : "2701000000";
    demuxer.onTag(new FlvTag(FlvTag.VIDEO, timestampMs, hex(header + (idr ? IDR : NON_IDR))));
  }

  private void audio(long timestampMs) throws MalformedMediaException {
    demuxer.onTag(new FlvTag(FlvTag.AUDIO, timestampMs, hex("af01" + "211b8000")));
  }

  private static void property(ByteWriter out, String key, double value) {
    byte[] name = key.getBytes(StandardCharsets.UTF_8);
    out.u16(name.length).bytes(name).u8(0x00).u64(Double.doubleToLongBits(value));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }
}
