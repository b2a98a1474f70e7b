package io.headwater.manifest.hls;

import io.headwater.packager.timeline.SegmentEntry;

/** Names the URI of a segment (or of its init segment), relative to the playlist's URL. */
@FunctionalInterface
public interface SegmentUriFunction {

  /** The relative URI for {@code entry}, e.g. {@code "k3x9a-12.ts"}. */
  String uri(SegmentEntry entry);
}
