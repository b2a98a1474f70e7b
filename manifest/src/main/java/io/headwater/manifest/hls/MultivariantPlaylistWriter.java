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
 * EXT-X-MEDIA rendition, or one variant of the only track; or, for an ABR ladder, one variant per
 * video rendition sharing one audio rendition. Stateless and thread-safe.
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
    return write(stream, null);
  }

  /**
   * Writes the playlist text with {@code query} (e.g. {@code ll=off}) on its media playlist
   * URIs, or none when null.
   */
  public String write(MultivariantStream stream, String query) {
    TrackFormat video = stream.videoOrNull();
    TrackFormat audio = stream.audioOrNull();
    String suffix = query == null ? "" : "?" + query;
    StringBuilder out = header();
    boolean audioRendition = video != null && audio != null;
    if (audioRendition) {
      appendAudioMedia(out, audio, SegmentNames.cmafPlaylist(audio.trackId()) + suffix);
    }
    TrackFormat main = video != null ? video : audio;
    appendStreamInf(out, stream, audio == null ? null : stream, audioRendition,
        SegmentNames.cmafPlaylist(main.trackId()) + suffix);
    return out.toString();
  }

  /**
   * Writes the playlist of an ABR ladder: one EXT-X-STREAM-INF per video rendition, in the given
   * order, all sharing one audio rendition group made of the first variant's audio (bis 4.4.6.2.1:
   * every variant of the group lists the same renditions). Each variant's BANDWIDTH is its own
   * video plus that shared audio; its CODECS name both.
   *
   * @throws IllegalArgumentException when {@code variants} is empty
   */
  public String write(List<LadderVariant> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a ladder needs at least one variant");
    }
    LadderVariant top = variants.get(0);
    TrackFormat audio = top.stream().audioOrNull();
    StringBuilder out = header();
    if (audio != null) {
      if (top.audioUri() == null) {
        throw new IllegalArgumentException("top variant " + top.videoUri() + " has audio but no "
            + "audio URI");
      }
      appendAudioMedia(out, audio, top.audioUri());
    }
    for (LadderVariant variant : variants) {
      appendStreamInf(out, variant.stream(), audio == null ? null : top.stream(),
          audio != null, variant.videoUri());
    }
    return out.toString();
  }

  /**
   * Writes the playlist of an ABR ladder whose variants carry their own audio in their segments
   * (MPEG-TS): one EXT-X-STREAM-INF per variant with its own video and audio, no EXT-X-MEDIA.
   *
   * @throws IllegalArgumentException when {@code variants} is empty
   */
  public String writeMuxed(List<LadderVariant> variants) {
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a ladder needs at least one variant");
    }
    StringBuilder out = header();
    for (LadderVariant variant : variants) {
      MultivariantStream stream = variant.stream();
      appendStreamInf(out, stream, stream.audioOrNull() == null ? null : stream,
          /* audioRendition= */ false, variant.videoUri());
    }
    return out.toString();
  }

  private static StringBuilder header() {
    StringBuilder out = new StringBuilder();
    out.append("#EXTM3U\n");
    // Version 7: EXT-X-MAP in media playlists without I-frames-only (RFC 8216 4.3.1.2, 7).
    out.append("#EXT-X-VERSION:7\n");
    // Every CMAF segment starts with a keyframe (RFC 8216 4.3.5.1).
    out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    return out;
  }

  /** The EXT-X-MEDIA line of the audio rendition (RFC 8216 4.3.4.1). */
  private static void appendAudioMedia(StringBuilder out, TrackFormat audio, String uri) {
    out.append("#EXT-X-MEDIA:TYPE=AUDIO")
        .append(",GROUP-ID=").append(quoted(AUDIO_GROUP_ID))
        .append(",NAME=").append(quoted("audio"))
        .append(",DEFAULT=YES,AUTOSELECT=YES");
    int channels = ((AacConfig) audio.config()).channels();
    if (channels > 0) {
      out.append(",CHANNELS=").append(quoted(Integer.toString(channels)));
    }
    out.append(",URI=").append(quoted(uri)).append('\n');
  }

  /**
   * One EXT-X-STREAM-INF and its URI line: the video of {@code stream} (if any) plus the audio of
   * {@code audioSource} (if not null).
   */
  private static void appendStreamInf(StringBuilder out, MultivariantStream stream,
      MultivariantStream audioSource, boolean audioRendition, String uri) {
    TrackFormat video = stream.videoOrNull();
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
    if (audioSource != null) {
      TrackFormat audio = audioSource.audioOrNull();
      long audioPeak = peak(audioSource.audioPeakBitsPerSecond(),
          audioSource.audioAverageBitsPerSecond(), audio);
      peak += audioPeak;
      average += average(audioSource.audioAverageBitsPerSecond(), audioPeak);
      // bis 6.2.4: CODECS MUST list every format of every rendition, the audio one included.
      codecs.add(audio.config().codecString());
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
    out.append(uri).append('\n');
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
