package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx running deploy/nginx/cluster-edge.conf as shipped, with this test's ports,
 * paths under a temporary directory and the current user put in for the lines marked ADAPT.
 */
final class ClusterEdge implements AutoCloseable {
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final Path EDGE_CONF = Path.of("..", "deploy", "nginx", "cluster-edge.conf");

  private final Process nginx;
  private final Path dir;
  private final int port;

  private ClusterEdge(Process nginx, Path dir, int port) {
    this.nginx = nginx;
    this.dir = dir;
    this.port = port;
  }

  /** Starts nginx in {@code dir} in front of the origin nodes on {@code origin1}/{@code origin2}. */
  static ClusterEdge start(Path dir, int origin1, int origin2) throws IOException {
    assertThat(Files.isExecutable(NGINX))
        .as("Debian's nginx at " + NGINX + " (apt-get install nginx; .ci/run installs it)")
        .isTrue();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(EDGE_CONF).as("deploy/nginx/cluster-edge.conf").exists();
    String text = Files.readString(EDGE_CONF);
    Files.createDirectories(dir.resolve("cache"));
    String user = System.getProperty("user.name");
    text = replace(text, "user www-data;", "root".equals(user) ? "user root;" : "");
    text = replace(text, "/run/nginx-cluster-edge.pid", dir.resolve("nginx.pid").toString());
    text = replace(text, "/var/log/nginx/", dir + "/");
    text = replace(text, "/var/cache/nginx/cluster-edge/", dir.resolve("cache") + "/");
    text = replace(text, "10.0.0.21:8080", "127.0.0.1:" + origin1);
    text = replace(text, "10.0.0.22:8080", "127.0.0.1:" + origin2);
    text = replace(text, "listen 80;", "listen 127.0.0.1:" + port + ";");
    Path conf = dir.resolve("cluster-edge.conf");
    Files.writeString(conf, text);
    Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c",
        conf.toString(), "-e", dir.resolve("startup-error.log").toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    return new ClusterEdge(nginx, dir, port);
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).as("cluster-edge.conf line to adapt").contains(from);
    return text.replace(from, to);
  }

  /** The edge's URL of {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Waits until the edge answers {@code path} with 200 (nginx listening, origin serving). */
  void await(HttpClient client, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      assertThat(nginx.isAlive()).as("nginx running; its output: %s",
          Files.exists(dir.resolve("nginx.out")) ? Files.readString(dir.resolve("nginx.out"))
              : "").isTrue();
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
        last = "status " + r.statusCode();
      } catch (IOException e) {
        last = e.toString(); // nginx not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no 200 for " + url(path) + " within 30 s; last: " + last);
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy();
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly().waitFor();
    }
  }
}
