package io.headwater.packager.fmp4;

import static io.headwater.packager.fmp4.Boxes.wrapIntoBox;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;

/**
 * Writes the CMAF header (init segment) of one track: {@code ftyp} + {@code moov} (ISO/IEC
 * 23000-19 7.3.2.1; one track per CMAF track file, as DASH-IF IOP asks).
 *
 * <pre>
 * ftyp  major iso6, compatible iso6 cmfc mp41
 * moov
 * ├── mvhd  timescale 1000, duration 0, next_track_ID = track_ID + 1
 * ├── trak
 * │   ├── tkhd  flags 3 (enabled, in movie), track_ID, volume / width x height
 * │   └── mdia
 * │       ├── mdhd  timescale = track timescale, language und
 * │       ├── hdlr  vide | soun
 * │       └── minf
 * │           ├── vmhd | smhd
 * │           ├── dinf
 * │           │   └── dref
 * │           │       └── url   flags 1 (self-contained)
 * │           └── stbl
 * │               ├── stsd
 * │               │   └── avc1 (avcC, btrt?) | mp4a (esds, btrt?)
 * │               ├── stts  empty
 * │               ├── stsc  empty
 * │               ├── stsz  empty
 * │               └── stco  empty
 * └── mvex
 *     └── trex  track_ID, default_sample_description_index 1
 * </pre>
 *
 * <p>Brands (ISO/IEC 14496-12 4.3): major {@code iso6} because the fragments use features of
 * the later ISO BMFF brands (trun version 1 signed composition offsets, tfdt,
 * default-base-is-moof; Annex E), {@code cmfc} because the file is a CMAF track (ISO/IEC
 * 23000-19 7.2), and {@code mp41} because the sample entries follow the MP4 file format
 * (ISO/IEC 14496-14: mp4a/esds), which older parsers look for.
 */
public final class InitSegmentWriter {
  private InitSegmentWriter() {}

  /** The init segment of {@code format}, without a bit rate box. */
  public static byte[] write(TrackFormat format) {
    return write(format, 0);
  }

  /**
   * The init segment of {@code format}; with {@code avgBitrateBps > 0} the sample entry also
   * carries a {@code btrt} box (and, for AAC, the esds bit rate fields) with that rate.
   */
  public static byte[] write(TrackFormat format, long avgBitrateBps) {
    if (avgBitrateBps < 0) {
      throw new IllegalArgumentException("average bit rate " + avgBitrateBps);
    }
    if (format.trackId() <= 0) {
      throw new IllegalArgumentException("track_ID " + format.trackId() + " must be positive");
    }
    byte[] ftyp = Boxes.fileType(BoxTypes.FTYP, BoxTypes.BRAND_ISO6, 0,
        BoxTypes.BRAND_ISO6, BoxTypes.BRAND_CMFC, BoxTypes.BRAND_MP41);
    byte[] moov = wrapIntoBox(BoxTypes.MOOV,
        MovieBoxes.mvhd(format.trackId() + 1),
        trak(format, avgBitrateBps),
        MovieBoxes.mvex(format.trackId()));
    byte[] out = new byte[ftyp.length + moov.length];
    System.arraycopy(ftyp, 0, out, 0, ftyp.length);
    System.arraycopy(moov, 0, out, ftyp.length, moov.length);
    return out;
  }

  private static byte[] trak(TrackFormat format, long avgBitrateBps) {
    boolean audio = format.type() == TrackType.AUDIO;
    byte[] tkhd;
    byte[] sampleEntry;
    if (format.config() instanceof AvcConfig avc) {
      tkhd = MovieBoxes.tkhd(format.trackId(), false, avc.width(), avc.height());
      sampleEntry = SampleEntries.avc1(avc, avgBitrateBps);
    } else if (format.config() instanceof AacConfig aac) {
      tkhd = MovieBoxes.tkhd(format.trackId(), true, 0, 0);
      sampleEntry = SampleEntries.mp4a(aac, avgBitrateBps);
    } else {
      throw new IllegalArgumentException("no CMAF sample entry for " + format.codec());
    }
    byte[] hdlr = audio
        ? MovieBoxes.hdlr(BoxTypes.HANDLER_SOUN, "Headwater Sound Handler")
        : MovieBoxes.hdlr(BoxTypes.HANDLER_VIDE, "Headwater Video Handler");
    byte[] minf = wrapIntoBox(BoxTypes.MINF,
        audio ? MovieBoxes.smhd() : MovieBoxes.vmhd(),
        MovieBoxes.dinf(),
        MovieBoxes.stbl(sampleEntry));
    byte[] mdia = wrapIntoBox(BoxTypes.MDIA, MovieBoxes.mdhd(format.timescale()), hdlr, minf);
    return wrapIntoBox(BoxTypes.TRAK, tkhd, mdia);
  }
}
