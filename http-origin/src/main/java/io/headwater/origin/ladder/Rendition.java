package io.headwater.origin.ladder;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;
import java.util.Objects;

/**
 * One live video rendition of an ABR group, as of one view of its stream.
 *
 * @param stream the rendition's stream
 * @param view the view the group's manifests are rendered from
 * @param base where the rendition's objects are, relative to the group's manifests: empty for
 *     the stream named like the group, {@code ../NAME/} for the others
 */
public record Rendition(LiveStream stream, StreamView view, String base) {
  public Rendition {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(base, "base");
    if (view.currentFormats().video() == null) {
      throw new IllegalArgumentException("rendition " + stream.path() + " has no video");
    }
  }

  /** The stream name, also the rendition's DASH Representation@id. */
  public String name() {
    return stream.name();
  }

  /** The current video format. */
  public TrackFormat video() {
    return view.currentFormats().video();
  }

  /** The current video size and profile. */
  public AvcConfig avc() {
    return video().avc();
  }

  /** The video bitrate announced for it: the measured peak, else the format's estimate. */
  public long videoBitsPerSecond() {
    return io.headwater.manifest.hls.MultivariantBandwidth.orEstimate(
        view.videoBitrate().peak(), video());
  }

  /** A key that changes whenever a manifest made from this rendition may change. */
  String stateKey() {
    return stream.path() + "@" + view.snapshot().epoch() + "-" + view.version();
  }
}
