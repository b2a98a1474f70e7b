package io.headwater.packager.codec.h264;

import static io.headwater.packager.codec.h264.SpsInfoTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.io.MalformedMediaException;
import io.headwater.packager.media.AvcConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigurationRecordTest {
  /** The sequence header of sample-media/h264-high-bframes-aac.flv, as ffmpeg muxed it. */
  private static final byte[] HIGH_RECORD = hex(
      "01" // configurationVersion
          + "64001e" // AVCProfileIndication, profile_compatibility, AVCLevelIndication
          + "ff" // reserved 111111, lengthSizeMinusOne 3
          + "e1" // reserved 111, numOfSequenceParameterSets 1
          + "001a" + "6764001eacd940a02ff970110000030001000003003c0f162d96"
          + "01" // numOfPictureParameterSets
          + "0004" + "68efbcb0"
          + "fdf8f800"); // High-profile extension: chroma 4:2:0, 8-bit, no SPS extensions

  /** End of the PPS in HIGH_RECORD: what follows is the optional extension. */
  private static final int HIGH_RECORD_PPS_END = HIGH_RECORD.length - 4;

  private static final byte[] BASELINE_RECORD = hex("0142c01effe10019"
      + "6742c01eda0280bfe5c044000003000400000300f03c58ba80" + "01000468ce3c80");

  private static final byte[] MAIN_RECORD = hex("014d401effe10019"
      + "674d401eda0280bfe5c044000003000400000300f03c58ba80" + "01000468ef3c80");

  @Test
  void parsesHighProfileRecord() throws Exception {
    AvcConfig config = AvcDecoderConfigurationRecord.parse(HIGH_RECORD);

    assertThat(config.codecString()).isEqualTo("avc1.64001e");
    assertThat(config.profileIdc()).isEqualTo(100);
    assertThat(config.levelIdc()).isEqualTo(30);
    assertThat(config.width()).isEqualTo(640);
    assertThat(config.height()).isEqualTo(360);
    assertThat(config.frameRateMilli()).isEqualTo(30_000);
    assertThat(config.nalLengthSize()).isEqualTo(4);
    assertThat(config.sps()).singleElement()
        .isEqualTo(hex("6764001eacd940a02ff970110000030001000003003c0f162d96"));
    assertThat(config.pps()).singleElement().isEqualTo(hex("68efbcb0"));
    assertThat(config.privateData()).isEqualTo(HIGH_RECORD);
  }

  @Test
  void codecStringsOfBaselineAndMainCarryTheConstraintFlags() throws Exception {
    assertThat(AvcDecoderConfigurationRecord.parse(BASELINE_RECORD).codecString())
        .isEqualTo("avc1.42c01e");
    assertThat(AvcDecoderConfigurationRecord.parse(MAIN_RECORD).codecString())
        .isEqualTo("avc1.4d401e");
  }

  @Test
  void codecStringComesFromTheSpsNotTheRecordHeader() throws Exception {
    byte[] record = HIGH_RECORD.clone();
    record[1] = 77; // a muxer that wrote a wrong AVCProfileIndication
    record[3] = 41;

    assertThat(AvcDecoderConfigurationRecord.parse(record).codecString())
        .isEqualTo("avc1.64001e");
  }

  @Test
  void lengthSizeMinusOneSelectsThePrefixSize() throws Exception {
    assertThat(withLengthSizeMinusOne(3).nalLengthSize()).isEqualTo(4);
    assertThat(withLengthSizeMinusOne(1).nalLengthSize()).isEqualTo(2);
    assertThat(withLengthSizeMinusOne(0).nalLengthSize()).isEqualTo(1);
    assertThatThrownBy(() -> withLengthSizeMinusOne(2))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("lengthSizeMinusOne 2");
  }

  @Test
  void recordWithoutTheHighProfileExtensionParses() throws Exception {
    AvcConfig config =
        AvcDecoderConfigurationRecord.parse(Arrays.copyOf(HIGH_RECORD, HIGH_RECORD_PPS_END));

    assertThat(config.width()).isEqualTo(640);
  }

  @Test
  void everyTruncationBeforeTheLastPpsByteIsRejected() {
    for (int length = 0; length < HIGH_RECORD_PPS_END; length++) {
      byte[] truncated = Arrays.copyOf(HIGH_RECORD, length);
      assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(truncated))
          .as("record cut to %d bytes", length)
          .isInstanceOf(MalformedMediaException.class)
          .hasMessageContaining("AVCDecoderConfigurationRecord");
    }
  }

  @Test
  void spsLengthBeyondTheRecordIsRejectedBeforeAllocating() {
    byte[] record = HIGH_RECORD.clone();
    record[6] = (byte) 0xFF; // sequenceParameterSetLength 0xFF1A
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(record))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("sequenceParameterSetLength 65306 at offset 6 exceeds the 37 bytes");
  }

  @Test
  void ppsLengthBeyondTheRecordIsRejected() {
    byte[] record = HIGH_RECORD.clone();
    record[6 + 2 + 26 + 1 + 1] = 0x40; // pictureParameterSetLength 4 -> 64
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(record))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("pictureParameterSetLength 64");
  }

  @Test
  void rejectsWrongVersionAndEmptyParameterSetLists() {
    byte[] version0 = HIGH_RECORD.clone();
    version0[0] = 0;
    byte[] noSps = HIGH_RECORD.clone();
    noSps[5] = (byte) 0xE0;
    byte[] noPps = Arrays.copyOf(HIGH_RECORD, 6 + 2 + 26 + 1);
    noPps[noPps.length - 1] = 0;

    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(version0))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("configurationVersion 0");
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(noSps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("numOfSequenceParameterSets 0");
    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(noPps))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("numOfPictureParameterSets 0");
  }

  @Test
  void rejectsAPpsInTheSpsList() {
    byte[] record = hex("0164001effe1" + "0004" + "68efbcb0" + "01" + "0004" + "68efbcb0");

    assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(record))
        .isInstanceOf(MalformedMediaException.class)
        .hasMessageContaining("nal_unit_type 8, expected 7");
  }

  private static AvcConfig withLengthSizeMinusOne(int value) throws MalformedMediaException {
    byte[] record = HIGH_RECORD.clone();
    record[4] = (byte) (0xFC | value);
    return AvcDecoderConfigurationRecord.parse(record);
  }
}
