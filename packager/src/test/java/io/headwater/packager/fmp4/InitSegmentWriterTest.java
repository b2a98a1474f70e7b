package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.CmafTestData.parse;
import static io.headwater.packager.fmp4.CmafTestData.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.TrackFormat;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.DecoderConfigDescriptor;
import org.mp4parser.boxes.iso14496.part12.BitRateBox;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackExtendsBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;
import org.mp4parser.boxes.sampleentry.AudioSampleEntry;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.tools.Path;

/** Reads init segments back with mp4parser, an independent ISO BMFF reader. */
class InitSegmentWriterTest {
  @Test
  void videoInitSegmentHasTheCmafBoxTree() throws Exception {
    byte[] init = InitSegmentWriter.write(CmafTestData.video(640, 360));
    try (IsoFile iso = parse(init)) {
      assertThat(types(iso)).containsExactly("ftyp", "moov");
      assertThat(iso.getSize()).isEqualTo(init.length);
      assertThat(types(iso.getMovieBox())).containsExactly("mvhd", "trak", "mvex");
      assertThat(types(Path.getPath(iso, "moov/trak"))).containsExactly("tkhd", "mdia");
      assertThat(types(Path.getPath(iso, "moov/trak/mdia")))
          .containsExactly("mdhd", "hdlr", "minf");
      assertThat(types(Path.getPath(iso, "moov/trak/mdia/minf")))
          .containsExactly("vmhd", "dinf", "stbl");
      assertThat(types(Path.getPath(iso, "moov/trak/mdia/minf/stbl")))
          .containsExactly("stsd", "stts", "stsc", "stsz", "stco");

      FileTypeBox ftyp = Path.getPath(iso, "ftyp");
      assertThat(ftyp.getMajorBrand()).isEqualTo("iso6");
      assertThat(ftyp.getMinorVersion()).isZero();
      assertThat(ftyp.getCompatibleBrands()).containsExactly("iso6", "cmfc", "mp41");

      MovieHeaderBox mvhd = Path.getPath(iso, "moov/mvhd");
      assertThat(mvhd.getTimescale()).isEqualTo(1000);
      assertThat(mvhd.getDuration()).isZero();
      assertThat(mvhd.getNextTrackId()).isEqualTo(2);

      TrackHeaderBox tkhd = Path.getPath(iso, "moov/trak/tkhd");
      assertThat(tkhd.getFlags()).isEqualTo(3);
      assertThat(tkhd.getTrackId()).isEqualTo(1);
      assertThat(tkhd.getWidth()).isEqualTo(640.0);
      assertThat(tkhd.getHeight()).isEqualTo(360.0);
      assertThat(tkhd.getVolume()).isZero();

      MediaHeaderBox mdhd = Path.getPath(iso, "moov/trak/mdia/mdhd");
      assertThat(mdhd.getTimescale()).isEqualTo(90_000);
      assertThat(mdhd.getLanguage()).isEqualTo("und");

      HandlerBox hdlr = Path.getPath(iso, "moov/trak/mdia/hdlr");
      assertThat(hdlr.getHandlerType()).isEqualTo("vide");
      assertThat(hdlr.getName()).isEqualTo("Headwater Video Handler");

      VisualSampleEntry avc1 = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/avc1");
      assertThat(avc1.getWidth()).isEqualTo(640);
      assertThat(avc1.getHeight()).isEqualTo(360);
      assertThat(avc1.getHorizresolution()).isEqualTo(72.0);
      assertThat(avc1.getFrameCount()).isEqualTo(1);
      assertThat(avc1.getDepth()).isEqualTo(0x18);
      assertThat(avc1.getDataReferenceIndex()).isEqualTo(1);
      assertThat(types(avc1)).containsExactly("avcC");

      AvcConfigurationBox avcC = Path.getPath(avc1, "avcC");
      assertThat(avcC.getAvcProfileIndication()).isEqualTo(100);
      assertThat(avcC.getAvcLevelIndication()).isEqualTo(31);
      assertThat(avcC.getLengthSizeMinusOne()).isEqualTo(3);
      assertThat(avcC.getSequenceParameterSets()).hasSize(1);
      assertThat(whole(avcC.getSequenceParameterSets().get(0))).containsExactly(CmafTestData.SPS);
      assertThat(avcC.getPictureParameterSets()).hasSize(1);
      assertThat(whole(avcC.getPictureParameterSets().get(0))).containsExactly(CmafTestData.PPS);

      TrackExtendsBox trex = Path.getPath(iso, "moov/mvex/trex");
      assertThat(trex.getTrackId()).isEqualTo(1);
      assertThat(trex.getDefaultSampleDescriptionIndex()).isEqualTo(1);
      assertThat(trex.getDefaultSampleDuration()).isZero();
      assertThat(trex.getDefaultSampleSize()).isZero();
    }
  }

  @Test
  void avcCCarriesTheRecordVerbatim() {
    byte[] init = InitSegmentWriter.write(CmafTestData.video(640, 360));
    byte[] box = new byte[8 + CmafTestData.AVCC_RECORD.length];
    ByteBuffer.wrap(box).putInt(box.length).putInt(BoxTypes.AVCC).put(CmafTestData.AVCC_RECORD);
    assertThat(indexOf(init, box)).isPositive();
  }

  @Test
  void btrtIsWrittenOnlyWhenTheBitrateIsKnown() throws Exception {
    try (IsoFile iso = parse(InitSegmentWriter.write(CmafTestData.video(1280, 720), 2_500_000))) {
      VisualSampleEntry avc1 = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/avc1");
      assertThat(types(avc1)).containsExactly("avcC", "btrt");
      BitRateBox btrt = Path.getPath(avc1, "btrt");
      assertThat(btrt.getAvgBitrate()).isEqualTo(2_500_000);
      assertThat(btrt.getMaxBitrate()).isEqualTo(2_500_000);
    }
  }

  @Test
  void audioInitSegmentHasSoundHandlerAndEsds() throws Exception {
    try (IsoFile iso = parse(InitSegmentWriter.write(CmafTestData.audio48k(), 96_000))) {
      assertThat(types(Path.getPath(iso, "moov/trak/mdia/minf")))
          .containsExactly("smhd", "dinf", "stbl");
      TrackHeaderBox tkhd = Path.getPath(iso, "moov/trak/tkhd");
      assertThat(tkhd.getTrackId()).isEqualTo(2);
      assertThat(tkhd.getVolume()).isEqualTo(1.0f);
      assertThat(tkhd.getWidth()).isZero();
      MovieHeaderBox mvhd = Path.getPath(iso, "moov/mvhd");
      assertThat(mvhd.getNextTrackId()).isEqualTo(3);
      MediaHeaderBox mdhd = Path.getPath(iso, "moov/trak/mdia/mdhd");
      assertThat(mdhd.getTimescale()).isEqualTo(48_000);
      HandlerBox hdlr = Path.getPath(iso, "moov/trak/mdia/hdlr");
      assertThat(hdlr.getHandlerType()).isEqualTo("soun");

      AudioSampleEntry mp4a = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/mp4a");
      assertThat(mp4a.getChannelCount()).isEqualTo(2);
      assertThat(mp4a.getSampleSize()).isEqualTo(16);
      assertThat(mp4a.getSampleRate()).isEqualTo(48_000);
      assertThat(types(mp4a)).containsExactly("esds", "btrt");

      ESDescriptorBox esds = Path.getPath(mp4a, "esds");
      DecoderConfigDescriptor dcd = esds.getEsDescriptor().getDecoderConfigDescriptor();
      assertThat(dcd.getObjectTypeIndication()).isEqualTo(0x40);
      assertThat(dcd.getStreamType()).isEqualTo(5);
      assertThat(dcd.getAvgBitRate()).isEqualTo(96_000);
      assertThat(dcd.getAudioSpecificInfo().getConfigBytes())
          .containsExactly(CmafTestData.ASC_LC_48K_STEREO);
      assertThat(esds.getEsDescriptor().getSlConfigDescriptor().getPredefined()).isEqualTo(2);
      TrackExtendsBox trex = Path.getPath(iso, "moov/mvex/trex");
      assertThat(trex.getTrackId()).isEqualTo(2);
    }
  }

  @Test
  void sampleRatesAbove16BitsAreWrittenAsZeroAndLeftToTheAudioSpecificConfig()
      throws Exception {
    // AAC-LC (2), 96 kHz (index 0), stereo: 00010 0000 0010 000
    byte[] asc = {0x10, 0x10};
    TrackFormat format = TrackFormat.aac(new AacConfig(asc, 2, 0, 96_000, 2, 2));
    try (IsoFile iso = parse(InitSegmentWriter.write(format))) {
      AudioSampleEntry mp4a = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/mp4a");
      assertThat(mp4a.getSampleRate()).isZero();
      MediaHeaderBox mdhd = Path.getPath(iso, "moov/trak/mdia/mdhd");
      assertThat(mdhd.getTimescale()).isEqualTo(96_000);
    }
  }

  @Test
  void rejectsDimensionsThatDoNotFitTheSampleEntry() {
    assertThatThrownBy(() -> InitSegmentWriter.write(CmafTestData.video(70_000, 360)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width");
    assertThatThrownBy(() -> InitSegmentWriter.write(CmafTestData.video(640, 360), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The bytes of {@code buffer} from 0 to its limit (mp4parser leaves the position at the end). */
  private static byte[] whole(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    b.rewind();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
