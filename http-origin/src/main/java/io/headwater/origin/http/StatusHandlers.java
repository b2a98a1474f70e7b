package io.headwater.origin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.storage.SegmentStore;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** {@code /api/streams} (JSON), {@code /metrics} (Prometheus text) and the {@code /} page. */
public final class StatusHandlers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusHandlers() {}

  private static List<LiveStream> sorted(StreamRegistry registry) {
    return registry.streams().stream().sorted(Comparator.comparing(LiveStream::path)).toList();
  }

  /** The streams this origin has, with tracks, bitrates and uptime. */
  public static HttpHandler apiStreams(StreamRegistry registry) {
    return exchange -> {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode list = root.putArray("streams");
      for (LiveStream s : sorted(registry)) {
        ObjectNode o = list.addObject();
        o.put("app", s.app());
        o.put("stream", s.name());
        o.put("publishing", s.isPublishing());
        o.put("ended", s.isEnded());
        o.put("uptimeSeconds", Duration.between(s.createdAt(), registry.now()).toSeconds());
        o.put("bytesIn", s.bytesIn());
        o.put("forcedCuts", s.forcedCuts());
        StreamView v = s.view();
        ObjectNode urls = o.putObject("urls");
        String base = "/" + s.path() + "/";
        urls.put("hls", base + "index.m3u8");
        urls.put("hlsTs", base + "ts/index.m3u8");
        urls.put("dash", base + "index.mpd");
        if (v == null) {
          o.put("segments", 0);
          continue;
        }
        o.put("segments", v.snapshot().lastSegment().sequenceNumber() + 1);
        o.put("targetDurationSeconds", v.snapshot().targetDurationSeconds());
        StreamFormatsAt f = v.currentFormats();
        ArrayNode tracks = o.putArray("tracks");
        if (f.video() != null) {
          ObjectNode t = tracks.addObject();
          t.put("type", "video");
          t.put("codec", f.video().config().codecString());
          t.put("width", f.video().avc().width());
          t.put("height", f.video().avc().height());
          t.put("bitrate", v.videoBitrate().average());
        }
        if (f.audio() != null) {
          ObjectNode t = tracks.addObject();
          t.put("type", "audio");
          t.put("codec", f.audio().config().codecString());
          t.put("sampleRate", f.audio().aac().sampleRate());
          t.put("channels", f.audio().aac().channels());
          t.put("bitrate", v.audioBitrate().average());
        }
      }
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
          CachePolicy.NO_STORE);
      Responses.bytes(exchange, StatusCodes.OK, ContentTypes.JSON,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    };
  }

  /** Prometheus text exposition format 0.0.4. */
  public static HttpHandler metrics(StreamRegistry registry, SegmentStore store) {
    return exchange -> {
      StringBuilder out = new StringBuilder();
      List<LiveStream> streams = sorted(registry);
      gauge(out, "headwater_streams", "Streams known to the origin (live or retained).",
          streams.size());
      gauge(out, "headwater_publishers", "Streams with a connected publisher.",
          streams.stream().filter(LiveStream::isPublishing).count());
      gauge(out, "headwater_store_bytes", "Bytes of media held by the segment store.",
          store.totalBytes());
      out.append("# HELP headwater_ingest_bytes_total Media bytes received from publishers.\n")
          .append("# TYPE headwater_ingest_bytes_total counter\n");
      for (LiveStream s : streams) {
        out.append("headwater_ingest_bytes_total").append(labels(s)).append(' ')
            .append(s.bytesIn()).append('\n');
      }
      out.append("# HELP headwater_segments_total Segments packaged.\n")
          .append("# TYPE headwater_segments_total counter\n");
      for (LiveStream s : streams) {
        StreamView v = s.view();
        long n = v == null ? 0 : v.snapshot().lastSegment().sequenceNumber() + 1;
        out.append("headwater_segments_total").append(labels(s)).append(' ').append(n)
            .append('\n');
      }
      out.append("# HELP headwater_forced_cuts_total Segments cut without a keyframe because the "
              + "encoder's GOP was longer than the target duration.\n")
          .append("# TYPE headwater_forced_cuts_total counter\n");
      for (LiveStream s : streams) {
        out.append("headwater_forced_cuts_total").append(labels(s)).append(' ')
            .append(s.forcedCuts()).append('\n');
      }
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
          CachePolicy.NO_STORE);
      Responses.bytes(exchange, StatusCodes.OK, ContentTypes.PROMETHEUS,
          out.toString().getBytes(StandardCharsets.UTF_8));
    };
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value).append('\n');
  }

  private static String labels(LiveStream s) {
    // Names are validated to [A-Za-z0-9._-] at publish, so no escaping is needed.
    return "{app=\"" + s.app() + "\",stream=\"" + s.name() + "\"}";
  }

  /** A small page listing the streams with their URLs. */
  public static HttpHandler index(StreamRegistry registry) {
    return exchange -> {
      StringBuilder html = new StringBuilder();
      html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Headwater</title>")
          .append("<style>body{font-family:sans-serif;margin:2em}td{padding:.2em 1em}</style>")
          .append("</head><body><h1>Headwater</h1>");
      List<LiveStream> streams = sorted(registry);
      if (streams.isEmpty()) {
        html.append("<p>No streams. Publish to <code>rtmp://HOST:PORT/live/NAME</code>.</p>");
      } else {
        html.append("<table><tr><th>stream</th><th>state</th><th>HLS (CMAF)</th>")
            .append("<th>HLS (TS)</th><th>DASH</th></tr>");
        for (LiveStream s : streams) {
          String base = "/" + s.path() + "/";
          html.append("<tr><td>").append(s.path()).append("</td><td>")
              .append(s.isEnded() ? "ended" : s.isPublishing() ? "live" : "waiting")
              .append("</td><td><a href=\"").append(base).append("index.m3u8\">index.m3u8</a>")
              .append("</td><td><a href=\"").append(base).append("ts/index.m3u8\">ts/index.m3u8</a>")
              .append("</td><td><a href=\"").append(base).append("index.mpd\">index.mpd</a>")
              .append("</td></tr>");
        }
        html.append("</table>");
      }
      html.append("</body></html>");
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
          CachePolicy.NO_STORE);
      Responses.bytes(exchange, StatusCodes.OK, ContentTypes.HTML,
          html.toString().getBytes(StandardCharsets.UTF_8));
    };
  }
}
