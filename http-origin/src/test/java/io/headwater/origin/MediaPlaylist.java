package io.headwater.origin;

import java.util.ArrayList;
import java.util.List;

/** A test-side reading of an HLS media playlist: the tags tests assert on. */
public record MediaPlaylist(int targetDuration, long mediaSequence, long discontinuitySequence,
    boolean endList, List<Entry> segments) {

  /** One listed segment. */
  public record Entry(String uri, double duration, boolean discontinuity, String programDateTime) {}

  public static MediaPlaylist parse(String text) {
    if (!text.startsWith("#EXTM3U")) {
      throw new IllegalArgumentException("not a playlist:\n" + text);
    }
    int td = -1;
    long ms = 0;
    long ds = 0;
    boolean end = false;
    List<Entry> segs = new ArrayList<>();
    Double dur = null;
    boolean disc = false;
    String pdt = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        td = Integer.parseInt(line.substring(22).trim());
      } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        ms = Long.parseLong(line.substring(22).trim());
      } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
        ds = Long.parseLong(line.substring(30).trim());
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        disc = true;
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        pdt = line.substring(25).trim();
      } else if (line.startsWith("#EXTINF:")) {
        dur = Double.parseDouble(line.substring(8, line.indexOf(',')));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        end = true;
      } else if (!line.isBlank() && !line.startsWith("#")) {
        if (dur == null) {
          throw new IllegalArgumentException("URI without EXTINF: " + line);
        }
        segs.add(new Entry(line.trim(), dur, disc, pdt));
        dur = null;
        disc = false;
        pdt = null;
      }
    }
    return new MediaPlaylist(td, ms, ds, end, segs);
  }
}
