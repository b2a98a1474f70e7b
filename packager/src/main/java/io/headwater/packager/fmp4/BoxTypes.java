package io.headwater.packager.fmp4;

/**
 * Four-character codes of the ISO BMFF boxes and brands Headwater writes, as big-endian ints
 * (ISO/IEC 14496-12 4.2: a box type is a 32-bit four-character code).
 */
public final class BoxTypes {
  // Boxes (ISO/IEC 14496-12 unless noted).
  public static final int FTYP = 0x66747970; // 4.3 FileTypeBox
  public static final int STYP = 0x73747970; // 8.16.2 SegmentTypeBox
  public static final int MOOV = 0x6d6f6f76; // 8.2.1
  public static final int MVHD = 0x6d766864; // 8.2.2
  public static final int TRAK = 0x7472616b; // 8.3.1
  public static final int TKHD = 0x746b6864; // 8.3.2
  public static final int MDIA = 0x6d646961; // 8.4.1
  public static final int MDHD = 0x6d646864; // 8.4.2
  public static final int HDLR = 0x68646c72; // 8.4.3
  public static final int MINF = 0x6d696e66; // 8.4.4
  public static final int VMHD = 0x766d6864; // 12.1.2
  public static final int SMHD = 0x736d6864; // 12.2.2
  public static final int DINF = 0x64696e66; // 8.7.1
  public static final int DREF = 0x64726566; // 8.7.2
  public static final int URL = 0x75726c20; // 8.7.2 'url '
  public static final int STBL = 0x7374626c; // 8.5.1
  public static final int STSD = 0x73747364; // 8.5.2
  public static final int STTS = 0x73747473; // 8.6.1.2
  public static final int STSC = 0x73747363; // 8.7.4
  public static final int STSZ = 0x7374737a; // 8.7.3.2
  public static final int STCO = 0x7374636f; // 8.7.5
  public static final int MVEX = 0x6d766578; // 8.8.1
  public static final int TREX = 0x74726578; // 8.8.3
  public static final int MOOF = 0x6d6f6f66; // 8.8.4
  public static final int MFHD = 0x6d666864; // 8.8.5
  public static final int TRAF = 0x74726166; // 8.8.6
  public static final int TFHD = 0x74666864; // 8.8.7
  public static final int TRUN = 0x7472756e; // 8.8.8
  public static final int TFDT = 0x74666474; // 8.8.12
  public static final int MDAT = 0x6d646174; // 8.1.1
  public static final int BTRT = 0x62747274; // 8.5.2.2 BitRateBox
  public static final int AVC1 = 0x61766331; // ISO/IEC 14496-15 5.4.2.1
  public static final int AVCC = 0x61766343; // ISO/IEC 14496-15 5.4.2.1 'avcC'
  public static final int MP4A = 0x6d703461; // ISO/IEC 14496-14 6.7.2
  public static final int ESDS = 0x65736473; // ISO/IEC 14496-14 6.7.2

  // Handler types (8.4.3.3).
  public static final int HANDLER_VIDE = 0x76696465;
  public static final int HANDLER_SOUN = 0x736f756e;

  // Brands (registered at mp4ra.org).
  public static final int BRAND_ISO6 = 0x69736f36; // ISO/IEC 14496-12 Annex E, 'iso6'
  public static final int BRAND_MP41 = 0x6d703431; // ISO/IEC 14496-14, MP4 file format
  public static final int BRAND_CMFC = 0x636d6663; // ISO/IEC 23000-19 7.2, CMAF track
  public static final int BRAND_CMFS = 0x636d6673; // ISO/IEC 23000-19 7.3.2.2, CMAF segment
  public static final int BRAND_CMFF = 0x636d6666; // ISO/IEC 23000-19 7.3.2.4, CMAF fragment
  public static final int BRAND_MSDH = 0x6d736468; // ISO/IEC 23009-1 6.3.4.2, media segment

  private BoxTypes() {}

  /** The four characters of {@code type}, such as {@code "moof"}, for messages and dumps. */
  public static String name(int type) {
    char[] c = {
      (char) ((type >>> 24) & 0xFF), (char) ((type >>> 16) & 0xFF),
      (char) ((type >>> 8) & 0xFF), (char) (type & 0xFF)
    };
    return new String(c);
  }
}
