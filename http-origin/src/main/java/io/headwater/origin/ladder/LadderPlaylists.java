package io.headwater.origin.ladder;

import io.headwater.manifest.hls.LadderVariant;
import io.headwater.manifest.hls.MultivariantPlaylistWriter;
import io.headwater.manifest.hls.MultivariantStream;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.SegmentNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The HLS multivariant playlists of an ABR group: {@code index.m3u8} over the renditions' CMAF
 * video playlists with one shared audio group (the top rendition's {@code a.m3u8}), and
 * {@code ts/abr.m3u8} over their MPEG-TS playlists, whose segments carry their own audio.
 */
public final class LadderPlaylists {
  private static final MultivariantPlaylistWriter WRITER = new MultivariantPlaylistWriter();

  private LadderPlaylists() {}

  /** {@code index.m3u8} of the group whose renditions, top first, are {@code members}. */
  public static String cmaf(List<Rendition> members) {
    List<LadderVariant> variants = new ArrayList<>(members.size());
    for (Rendition r : members) {
      MultivariantStream stream = stream(r.view());
      String audioUri = stream.audioOrNull() == null ? null
          : r.base() + SegmentNames.cmafPlaylist(TrackFormat.AUDIO_TRACK_ID);
      variants.add(new LadderVariant(stream,
          r.base() + SegmentNames.cmafPlaylist(TrackFormat.VIDEO_TRACK_ID), audioUri));
    }
    return WRITER.write(variants);
  }

  /** The group's MPEG-TS multivariant playlist, next to the TS media playlists. */
  public static final String TS_MULTIVARIANT = "ts/abr.m3u8";

  /** {@code ts/abr.m3u8}: one variant per rendition, audio muxed into its TS segments. */
  public static String ts(List<Rendition> members) {
    List<LadderVariant> variants = new ArrayList<>(members.size());
    for (Rendition r : members) {
      // The group playlist is ts/abr.m3u8, next to the TS playlist of the stream named like the
      // group and one level below index.m3u8.
      String uri = r.base().isEmpty() ? "index.m3u8"
          : "../" + r.base() + SegmentNames.TS_PLAYLIST;
      variants.add(new LadderVariant(stream(r.view()), uri, null));
    }
    return WRITER.writeMuxed(variants);
  }

  private static MultivariantStream stream(StreamView v) {
    StreamFormatsAt f = v.currentFormats();
    int frameRateMilli = f.video() == null ? 0 : f.video().avc().frameRateMilli();
    return new MultivariantStream(f.video(), f.audio(), v.videoBitrate().peak(),
        v.videoBitrate().average(), v.audioBitrate().peak(), v.audioBitrate().average(),
        frameRateMilli);
  }
}
