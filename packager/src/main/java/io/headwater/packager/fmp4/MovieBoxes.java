package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.Boxes.wrapIntoBox;
import static io.headwater.packager.fmp4.Boxes.wrapIntoFullBox;

import io.headwater.packager.io.ByteWriter;
import java.nio.charset.StandardCharsets;

/**
 * The boxes of a fragmented movie header ({@code moov}) for one track, one static function per
 * box (ISO/IEC 14496-12). Sample tables are empty: every sample lives in a movie fragment.
 */
public final class MovieBoxes {
  /** {@code mvhd} timescale; the movie itself has no duration, so any value works. */
  public static final int MOVIE_TIMESCALE = 1000;

  /** ISO 639-2/T "und" packed as three 5-bit letters minus 0x60 (ISO/IEC 14496-12 8.4.2.3). */
  static final int LANGUAGE_UND = (('u' - 0x60) << 10) | (('n' - 0x60) << 5) | ('d' - 0x60);

  // ISO/IEC 14496-12 8.3.2.3: track_enabled 0x1 | track_in_movie 0x2.
  private static final int TKHD_FLAGS_ENABLED_IN_MOVIE = 0x000003;
  // ISO/IEC 14496-12 8.7.2.3: "the media data is in the same file".
  private static final int URL_FLAG_SELF_CONTAINED = 0x000001;

  // ISO/IEC 14496-12 8.2.2.3: the identity matrix {0x00010000,0,0, 0,0x00010000,0, 0,0,0x40000000}.
  private static final int[] UNITY_MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

  private MovieBoxes() {}

  private static void matrix(ByteWriter out) {
    for (int v : UNITY_MATRIX) {
      out.u32(v & 0xFFFFFFFFL);
    }
  }

  /**
   * Movie header, version 0 (ISO/IEC 14496-12 8.2.2).
   *
   * <pre>
   * mvhd v0: creation_time(32)=0 modification_time(32)=0 timescale(32) duration(32)=0
   *          rate(32)=0x00010000 volume(16)=0x0100 reserved(16) reserved(32)[2]
   *          matrix(32)[9] pre_defined(32)[6] next_track_ID(32)
   * </pre>
   */
  public static byte[] mvhd(int nextTrackId) {
    ByteWriter out = new ByteWriter(96);
    out.u32(0); // creation_time
    out.u32(0); // modification_time
    out.u32(MOVIE_TIMESCALE); // timescale
    out.u32(0); // duration: unknown, fragments carry the media
    out.u32(0x00010000); // rate 1.0 (16.16)
    out.u16(0x0100); // volume 1.0 (8.8)
    out.zeros(2 + 8); // reserved(16), reserved(32)[2]
    matrix(out);
    out.zeros(24); // pre_defined(32)[6]
    out.u32(nextTrackId & 0xFFFFFFFFL); // next_track_ID
    return wrapIntoFullBox(BoxTypes.MVHD, 0, 0, out.toByteArray());
  }

  /**
   * Track header, version 0, enabled and in movie (ISO/IEC 14496-12 8.3.2).
   *
   * <pre>
   * tkhd v0 flags=3: creation_time(32) modification_time(32) track_ID(32) reserved(32)
   *                  duration(32)=0 reserved(32)[2] layer(16) alternate_group(16) volume(16)
   *                  reserved(16) matrix(32)[9] width(32, 16.16) height(32, 16.16)
   * </pre>
   */
  public static byte[] tkhd(int trackId, boolean audio, int width, int height) {
    ByteWriter out = new ByteWriter(80);
    out.u32(0); // creation_time
    out.u32(0); // modification_time
    out.u32(trackId & 0xFFFFFFFFL); // track_ID
    out.u32(0); // reserved
    out.u32(0); // duration
    out.zeros(8); // reserved(32)[2]
    out.u16(0); // layer
    out.u16(0); // alternate_group
    out.u16(audio ? 0x0100 : 0); // volume: 1.0 for audio tracks, else 0
    out.u16(0); // reserved
    matrix(out);
    out.u32(((long) width << 16) & 0xFFFFFFFFL); // width 16.16
    out.u32(((long) height << 16) & 0xFFFFFFFFL); // height 16.16
    return wrapIntoFullBox(BoxTypes.TKHD, 0, TKHD_FLAGS_ENABLED_IN_MOVIE, out.toByteArray());
  }

  /**
   * Media header, version 0 (ISO/IEC 14496-12 8.4.2).
   *
   * <pre>
   * mdhd v0: creation_time(32) modification_time(32) timescale(32) duration(32)=0
   *          pad(1)=0 language(15)=und pre_defined(16)=0
   * </pre>
   */
  public static byte[] mdhd(int timescale) {
    ByteWriter out = new ByteWriter(20);
    out.u32(0); // creation_time
    out.u32(0); // modification_time
    out.u32(timescale & 0xFFFFFFFFL); // timescale
    out.u32(0); // duration
    out.u16(LANGUAGE_UND); // pad(1) + language(15)
    out.u16(0); // pre_defined
    return wrapIntoFullBox(BoxTypes.MDHD, 0, 0, out.toByteArray());
  }

  /**
   * Handler reference (ISO/IEC 14496-12 8.4.3).
   *
   * <pre>
   * hdlr: pre_defined(32)=0 handler_type(32) reserved(32)[3] name(UTF-8, null-terminated)
   * </pre>
   */
  public static byte[] hdlr(int handlerType, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    ByteWriter out = new ByteWriter(21 + nameBytes.length);
    out.u32(0); // pre_defined
    out.u32(handlerType & 0xFFFFFFFFL); // handler_type
    out.zeros(12); // reserved(32)[3]
    out.bytes(nameBytes).u8(0); // name, null-terminated
    return wrapIntoFullBox(BoxTypes.HDLR, 0, 0, out.toByteArray());
  }

  /**
   * Video media header (ISO/IEC 14496-12 12.1.2): flags 1, graphicsmode(16)=0 copy,
   * opcolor(16)[3]=0.
   */
  public static byte[] vmhd() {
    return wrapIntoFullBox(BoxTypes.VMHD, 0, 1, new byte[8]);
  }

  /** Sound media header (ISO/IEC 14496-12 12.2.2): balance(16)=0 centre, reserved(16). */
  public static byte[] smhd() {
    return wrapIntoFullBox(BoxTypes.SMHD, 0, 0, new byte[4]);
  }

  /**
   * Data information with one self-contained data reference (ISO/IEC 14496-12 8.7.1, 8.7.2).
   *
   * <pre>
   * dinf
   * └── dref  entry_count(32)=1
   *     └── url   flags=1 (media data in this file), no location
   * </pre>
   */
  public static byte[] dinf() {
    byte[] url = wrapIntoFullBox(BoxTypes.URL, 0, URL_FLAG_SELF_CONTAINED);
    byte[] dref = wrapIntoFullBox(BoxTypes.DREF, 0, 0, new byte[] {0, 0, 0, 1}, url);
    return wrapIntoBox(BoxTypes.DINF, dref);
  }

  /**
   * Sample table with one sample description and empty tables (ISO/IEC 14496-12 8.5.1; for
   * fragmented files the samples are described by {@code trun}, 8.8.8).
   *
   * <pre>
   * stbl
   * ├── stsd  entry_count(32)=1, sampleEntry
   * ├── stts  entry_count(32)=0
   * ├── stsc  entry_count(32)=0
   * ├── stsz  sample_size(32)=0 sample_count(32)=0
   * └── stco  entry_count(32)=0
   * </pre>
   */
  public static byte[] stbl(byte[] sampleEntry) {
    byte[] stsd = wrapIntoFullBox(BoxTypes.STSD, 0, 0, new byte[] {0, 0, 0, 1}, sampleEntry);
    byte[] stts = wrapIntoFullBox(BoxTypes.STTS, 0, 0, new byte[4]);
    byte[] stsc = wrapIntoFullBox(BoxTypes.STSC, 0, 0, new byte[4]);
    byte[] stsz = wrapIntoFullBox(BoxTypes.STSZ, 0, 0, new byte[8]);
    byte[] stco = wrapIntoFullBox(BoxTypes.STCO, 0, 0, new byte[4]);
    return wrapIntoBox(BoxTypes.STBL, stsd, stts, stsc, stsz, stco);
  }

  /**
   * Movie extends with the track's defaults (ISO/IEC 14496-12 8.8.1, 8.8.3). Only the sample
   * description index has a default (1); duration, size and flags are always given per sample
   * in {@code trun}.
   *
   * <pre>
   * mvex
   * └── trex  track_ID(32) default_sample_description_index(32)=1
   *           default_sample_duration(32)=0 default_sample_size(32)=0 default_sample_flags(32)=0
   * </pre>
   */
  public static byte[] mvex(int trackId) {
    ByteWriter out = new ByteWriter(20);
    out.u32(trackId & 0xFFFFFFFFL); // track_ID
    out.u32(1); // default_sample_description_index
    out.u32(0); // default_sample_duration
    out.u32(0); // default_sample_size
    out.u32(0); // default_sample_flags
    return wrapIntoBox(BoxTypes.MVEX, wrapIntoFullBox(BoxTypes.TREX, 0, 0, out.toByteArray()));
  }
}
