package io.headwater.origin.ladder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.transcode.TranscoderStats;
import io.headwater.origin.transcode.Transcoders;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The {@code abr} object of a stream in {@code /api/streams}: the group it plays in (its URLs and
 * live renditions, top first) and, for a transcoded source, its transcoder's state, process id,
 * restarts, CPU use and speed. Streams outside any group get none.
 */
public final class AbrDetails implements BiConsumer<LiveStream, ObjectNode> {
  private final RenditionGroups groups;
  private final Function<String, RenditionNaming> namingByApp;
  private final Transcoders transcoders;

  public AbrDetails(RenditionGroups groups, Function<String, RenditionNaming> namingByApp,
      Transcoders transcoders) {
    this.groups = groups;
    this.namingByApp = namingByApp;
    this.transcoders = transcoders;
  }

  @Override
  public void accept(LiveStream stream, ObjectNode json) {
    String group = stream.name();
    List<Rendition> members = groups.members(stream.app(), group);
    if (members.isEmpty()) {
      group = namingByApp.apply(stream.app()).groupOf(stream.name());
      members = group == null ? List.of() : groups.members(stream.app(), group);
    }
    Optional<TranscoderStats> transcoder = transcoders.stats(stream.path());
    if (members.isEmpty() && transcoder.isEmpty()) {
      return;
    }
    ObjectNode abr = json.putObject("abr");
    if (!members.isEmpty()) {
      abr.put("group", group);
      String base = "/" + stream.app() + "/" + group + "/";
      ObjectNode urls = abr.putObject("urls");
      urls.put("hls", base + "index.m3u8");
      urls.put("dash", base + "index.mpd");
      urls.put("hlsTs", base + "ts/abr.m3u8");
      ArrayNode renditions = abr.putArray("renditions");
      for (Rendition r : members) {
        renditions.addObject().put("stream", r.name()).put("width", r.avc().width())
            .put("height", r.avc().height()).put("bandwidth", r.videoBitsPerSecond());
      }
    }
    transcoder.ifPresent(t -> {
      ObjectNode o = abr.putObject("transcoder");
      o.put("state", t.state());
      o.put("pid", t.pid());
      o.put("restarts", t.restarts());
      o.put("cpuPercent", Math.round(t.cpuPercent() * 10) / 10.0);
      o.put("speed", t.speed());
      o.put("fps", t.fps());
      ArrayNode outputs = o.putArray("renditions");
      t.renditions().forEach(outputs::add);
    });
  }
}
