package io.headwater.manifest.hls;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a stream's HLS multivariant playlist (RFC 8216 4.3.4; draft-pantos-hls-rfc8216bis
 * 6.2.4): one variant pointing at the CMAF video playlist, with the audio playlist as an
 * EXT-X-MEDIA rendition, or one variant of the only track. Stateless and thread-safe.
 *
 * <pre>
 * #EXTM3U
 * #EXT-X-VERSION:7
 * #EXT-X-INDEPENDENT-SEGMENTS
 * #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,
 *     CHANNELS="2",URI="a.m3u8"                                   (one line)
 * #EXT-X-STREAM-INF:BANDWIDTH=..,AVERAGE-BANDWIDTH=..,CODECS="avc1.64001e,mp4a.40.2",
 *     RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio"          (one line)
 * v.m3u8
 * </pre>
 */
public final class MultivariantPlaylistWriter {
  static final String AUDIO_GROUP_ID = "audio";

  /** Writes the playlist text, lines ended by LF. */
  public String write(MultivariantStream stream) {
    TrackFormat video = stream.videoOrNull();
    TrackFormat audio = stream.audioOrNull();
    StringBuilder out = new StringBuilder();
    out.append("#EXTM3U\n");
    // Version 7: EXT-X-MAP in media playlists without I-frames-only (RFC 8216 4.3.1.2, 7).
    out.append("#EXT-X-VERSION:7\n");
    // Every CMAF segment starts with a keyframe (RFC 8216 4.3.5.1).
    out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");

    long peak = 0;
    long average = 0;
    List<String> codecs = new ArrayList<>(2);
    if (video != null) {
      long videoPeak = peak(stream.videoPeakBitsPerSecond(), stream.videoAverageBitsPerSecond(),
          video);
      peak += videoPeak;
      average += average(stream.videoAverageBitsPerSecond(), videoPeak);
      codecs.add(video.config().codecString());
    }
    if (audio != null) {
      long audioPeak = peak(stream.audioPeakBitsPerSecond(), stream.audioAverageBitsPerSecond(),
          audio);
      peak += audioPeak;
      average += average(stream.audioAverageBitsPerSecond(), audioPeak);
      // bis 6.2.4: CODECS MUST list every format of every rendition, the audio one included.
      codecs.add(audio.config().codecString());
    }

    boolean audioRendition = video != null && audio != null;
    if (audioRendition) {
      // RFC 8216 4.3.4.1
      out.append("#EXT-X-MEDIA:TYPE=AUDIO")
          .append(",GROUP-ID=").append(quoted(AUDIO_GROUP_ID))
          .append(",NAME=").append(quoted("audio"))
          .append(",DEFAULT=YES,AUTOSELECT=YES");
      int channels = ((AacConfig) audio.config()).channels();
      if (channels > 0) {
        out.append(",CHANNELS=").append(quoted(Integer.toString(channels)));
      }
      out.append(",URI=").append(quoted(SegmentNames.cmafPlaylist(audio.trackId()))).append('\n');
    }

    // RFC 8216 4.3.4.2: BANDWIDTH and AVERAGE-BANDWIDTH are decimal-integers in bits/s.
    out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak)
        .append(",AVERAGE-BANDWIDTH=").append(average)
        .append(",CODECS=").append(quoted(String.join(",", codecs)));
    if (video != null) {
      AvcConfig avc = (AvcConfig) video.config();
      // decimal-resolution (RFC 8216 4.2)
      out.append(",RESOLUTION=").append(avc.width()).append('x').append(avc.height());
      int frameRateMilli = stream.frameRateMilli() > 0 ? stream.frameRateMilli()
          : avc.frameRateMilli();
      if (frameRateMilli > 0) {
        out.append(",FRAME-RATE=").append(frameRate(frameRateMilli));
      }
      if (audioRendition) {
        out.append(",AUDIO=").append(quoted(AUDIO_GROUP_ID));
      }
    }
    out.append('\n');
    TrackFormat main = video != null ? video : audio;
    out.append(SegmentNames.cmafPlaylist(main.trackId())).append('\n');
    return out.toString();
  }

  /** The announced peak: measured (never below the average), else the estimate. */
  private static long peak(long measuredPeak, long measuredAverage, TrackFormat format) {
    if (measuredPeak > 0) {
      return Math.max(measuredPeak, measuredAverage);
    }
    return Math.max(MultivariantBandwidth.estimateBitsPerSecond(format), measuredAverage);
  }

  /** The announced average: measured, else the announced peak. Never above the peak. */
  private static long average(long measuredAverage, long peak) {
    return measuredAverage > 0 ? Math.min(measuredAverage, peak) : peak;
  }

  /** FRAME-RATE: a decimal-floating-point rounded to three decimals (RFC 8216 4.3.4.2). */
  static String frameRate(int frameRateMilli) {
    return frameRateMilli / 1000 + "." + String.format(Locale.ROOT, "%03d", frameRateMilli % 1000);
  }

  /** A quoted-string (RFC 8216 4.2): no double quote, CR or LF inside. */
  static String quoted(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\r' || c == '\n') {
        throw new IllegalArgumentException("quoted-string '" + value + "' has a forbidden "
            + "character at index " + i);
      }
    }
    return '"' + value + '"';
  }
}
