package io.headwater.origin.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the test page and the pinned player builds on its own loopback port: a different origin
 * than Headwater's, so that a missing CORS header on any manifest or segment fails playback just
 * as it would on a real site.
 */
public final class PageServer implements AutoCloseable {
  /** Page files, from the test classpath (src/test/resources/browser). */
  private static final Map<String, String> PAGES = Map.of(
      "/player.html", "text/html; charset=utf-8",
      "/player.js", "text/javascript; charset=utf-8",
      "/abr-player.html", "text/html; charset=utf-8",
      "/abr-switch.js", "text/javascript; charset=utf-8");

  /** The player builds, from the npm project's node_modules (versions in package-lock.json). */
  private static final Map<String, String> LIBRARIES = Map.of(
      "/lib/hls.js", "hls.js/dist/hls.min.js",
      "/lib/dash.js", "dashjs/dist/modern/umd/dash.all.min.js",
      "/lib/shaka.js", "shaka-player/dist/shaka-player.compiled.js");

  private final HttpServer server;
  private final Path nodeModules;

  private PageServer(HttpServer server, Path nodeModules) {
    this.server = server;
    this.nodeModules = nodeModules;
  }

  /** Starts on a free loopback port. */
  public static PageServer start(Path nodeModules) throws IOException {
    HttpServer http = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    PageServer pages = new PageServer(http, nodeModules);
    http.createContext("/", pages::handle);
    http.start();
    return pages;
  }

  /** The URL of {@code path} on this server (a different origin than the origin under test). */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = null;
      String type = null;
      if (PAGES.containsKey(path)) {
        try (InputStream in = PageServer.class.getResourceAsStream("/browser" + path)) {
          body = in == null ? null : in.readAllBytes();
        }
        type = PAGES.get(path);
      } else if (LIBRARIES.containsKey(path)) {
        Path file = nodeModules.resolve(LIBRARIES.get(path));
        body = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        type = "text/javascript; charset=utf-8";
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
