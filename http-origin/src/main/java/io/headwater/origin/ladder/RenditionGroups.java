package io.headwater.origin.ladder;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the live renditions of an ABR group in the registry. A rendition is in the group while its
 * publisher is connected and it has a segment with video; one that drops out leaves the group's
 * manifests and returns with its next segment after it reconnects.
 */
public final class RenditionGroups {
  private static final Comparator<Rendition> TOP_FIRST =
      Comparator.comparingInt((Rendition r) -> r.avc().height()).reversed()
          .thenComparing(Comparator.comparingLong(Rendition::videoBitsPerSecond).reversed())
          .thenComparing(Rendition::name);

  private final StreamRegistry registry;
  private final Function<String, RenditionNaming> namingByApp;

  public RenditionGroups(StreamRegistry registry, Function<String, RenditionNaming> namingByApp) {
    this.registry = registry;
    this.namingByApp = namingByApp;
  }

  /**
   * The live renditions of group {@code group} of {@code app}, the top one (tallest, then highest
   * bitrate) first; empty when no stream is a rendition of it (a stream named {@code group}
   * alone is a plain stream, not a group).
   */
  public List<Rendition> members(String app, String group) {
    RenditionNaming naming = namingByApp.apply(app);
    List<Rendition> members = new ArrayList<>();
    boolean renditions = false;
    for (LiveStream stream : registry.streams()) {
      if (!stream.app().equals(app)) {
        continue;
      }
      boolean self = stream.name().equals(group);
      if (!self && !group.equals(naming.groupOf(stream.name()))) {
        continue;
      }
      StreamView view = stream.view();
      if (!stream.isPublishing() || stream.isEnded() || view == null
          || view.currentFormats().video() == null) {
        continue;
      }
      renditions |= !self;
      members.add(new Rendition(stream, view, self ? "" : "../" + stream.name() + "/"));
    }
    if (!renditions) {
      return List.of();
    }
    members.sort(TOP_FIRST);
    return members;
  }
}
