package io.headwater.origin.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.origin.http.CachePolicy;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/recordings}: {@code GET} lists every recording (app, stream, epoch, start,
 * duration, size, whether it is being written, its VOD URLs) and the recorder's counters; {@code
 * GET /api/recordings/APP/STREAM/EPOCH} shows one; {@code DELETE} of that URL deletes it (204),
 * 404 when unknown, 409 while it is being written. Always {@code no-store}.
 */
final class RecordingsApi implements HttpHandler {
  private static final Pattern ONE = Pattern.compile(
      "/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})/([A-Za-z0-9._-]{1,64})/?");

  private final RecordingCatalog catalog;
  private final RecordingMetrics metrics;
  private final ObjectMapper json;

  RecordingsApi(RecordingCatalog catalog, RecordingMetrics metrics, ObjectMapper json) {
    this.catalog = catalog;
    this.metrics = metrics;
    this.json = json;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String path = exchange.getRelativePath();
    boolean get = exchange.getRequestMethod().equals(Methods.GET)
        || exchange.getRequestMethod().equals(Methods.HEAD);
    if (path.isEmpty() || path.equals("/")) {
      if (!get) {
        notAllowed(exchange, "GET, HEAD, OPTIONS");
        return;
      }
      ObjectNode root = json.createObjectNode();
      ArrayNode list = root.putArray("recordings");
      for (RecordingInfo r : catalog.list()) {
        list.add(describe(r));
      }
      ObjectNode counters = root.putObject("recorder");
      counters.put("active", metrics.activeCount());
      counters.put("started", metrics.startedCount());
      counters.put("failed", metrics.failedCount());
      counters.put("bytesWritten", metrics.bytesWritten());
      counters.put("deletedByRetention", metrics.deletedByRetentionCount());
      HttpReplies.json(exchange, StatusCodes.OK, json.writeValueAsBytes(root));
      return;
    }
    Matcher m = ONE.matcher(path);
    if (!m.matches()) {
      HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NO_STORE,
          "no such recording\n");
      return;
    }
    RecordingId id = new RecordingId(m.group(1), m.group(2), m.group(3));
    if (exchange.getRequestMethod().equals(Methods.DELETE)) {
      RecordingCatalog.Deletion result;
      try {
        result = catalog.delete(id);
      } catch (UncheckedIOException e) {
        HttpReplies.text(exchange, StatusCodes.INTERNAL_SERVER_ERROR, CachePolicy.NO_STORE,
            "cannot delete " + id + ": " + e.getCause().getMessage() + "\n");
        return;
      }
      switch (result) {
        case DELETED -> {
          exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.NO_STORE);
          exchange.setStatusCode(StatusCodes.NO_CONTENT);
          exchange.endExchange();
        }
        case ACTIVE -> HttpReplies.text(exchange, StatusCodes.CONFLICT, CachePolicy.NO_STORE,
            "recording " + id + " is being written; it can be deleted once the stream ends\n");
        case NOT_FOUND -> HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NO_STORE,
            "no such recording\n");
        default -> throw new IllegalStateException(result.toString());
      }
      return;
    }
    if (!get) {
      notAllowed(exchange, "GET, HEAD, DELETE, OPTIONS");
      return;
    }
    for (RecordingInfo r : catalog.list()) {
      if (r.id().equals(id)) {
        HttpReplies.json(exchange, StatusCodes.OK, json.writeValueAsBytes(describe(r)));
        return;
      }
    }
    HttpReplies.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NO_STORE, "no such recording\n");
  }

  private ObjectNode describe(RecordingInfo r) {
    ObjectNode o = json.createObjectNode();
    o.put("app", r.id().app());
    o.put("stream", r.id().stream());
    o.put("epoch", r.id().epoch());
    o.put("start", r.start().toString());
    o.put("durationSeconds", Math.round(r.durationSeconds() * 1000) / 1000.0);
    o.put("segments", r.manifest().segments().size());
    o.put("sizeBytes", r.sizeBytes());
    o.put("recording", r.active());
    o.put("ended", r.manifest().ended());
    ObjectNode urls = o.putObject("urls");
    urls.put("hls", r.id().vodBase() + "index.m3u8");
    urls.put("dash", r.id().vodBase() + "index.mpd");
    urls.put("api", "/api/recordings/" + r.id());
    return o;
  }

  private static void notAllowed(HttpServerExchange exchange, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    HttpReplies.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE,
        "method not allowed\n");
  }
}
