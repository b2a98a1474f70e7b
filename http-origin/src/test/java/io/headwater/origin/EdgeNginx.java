package io.headwater.origin;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx running one of the shipped deploy/nginx edge configurations as written, with
 * the lines marked ADAPT put to this test's use: the current user, a pid file, logs and cache
 * under a temporary directory, loopback upstreams and a free loopback listen port.
 */
public final class EdgeNginx implements AutoCloseable {
  public static final Path NGINX = Path.of("/usr/sbin/nginx");

  private final Process nginx;
  private final Path dir;
  private final int port;

  private EdgeNginx(Process nginx, Path dir, int port) {
    this.nginx = nginx;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts nginx in {@code dir} on {@code conf} (a path under deploy/nginx).
   *
   * @param pidFile the configuration's pid file path, moved into {@code dir}
   * @param cacheDir the configuration's proxy cache directory (with its trailing slash)
   * @param upstreams each upstream address the configuration names, with the loopback port
   *     that replaces it
   */
  public static EdgeNginx start(Path dir, Path conf, String pidFile, String cacheDir,
      Map<String, Integer> upstreams) throws IOException {
    assertThat(Files.isExecutable(NGINX))
        .as("Debian's nginx at " + NGINX + " (apt-get install nginx; .ci/run installs it)")
        .isTrue();
    assertThat(conf).as("nginx configuration").exists();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String name = conf.getFileName().toString();
    String text = Files.readString(conf);
    Files.createDirectories(dir.resolve("cache"));
    String user = System.getProperty("user.name");
    text = replace(name, text, "user www-data;", "root".equals(user) ? "user root;" : "");
    text = replace(name, text, pidFile, dir.resolve("nginx.pid").toString());
    text = replace(name, text, "/var/log/nginx/", dir + "/");
    text = replace(name, text, cacheDir, dir.resolve("cache") + "/");
    for (Map.Entry<String, Integer> u : upstreams.entrySet()) {
      text = replace(name, text, u.getKey(), "127.0.0.1:" + u.getValue());
    }
    text = replace(name, text, "listen 80;", "listen 127.0.0.1:" + port + ";");
    Path rendered = dir.resolve(name);
    Files.writeString(rendered, text);
    Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c",
        rendered.toString(), "-e", dir.resolve("startup-error.log").toString(), "-g",
        "daemon off;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    return new EdgeNginx(nginx, dir, port);
  }

  private static String replace(String name, String text, String from, String to) {
    assertThat(text).as("%s line to adapt", name).contains(from);
    return text.replace(from, to);
  }

  /** The edge's URL of {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Fails, with nginx's output, if nginx has exited. */
  public void assertRunning() throws IOException {
    assertThat(nginx.isAlive()).as("nginx running; its output: %s",
        Files.exists(dir.resolve("nginx.out")) ? Files.readString(dir.resolve("nginx.out"))
            : "").isTrue();
  }

  /** Waits until the edge answers {@code path} with 200 (nginx listening, origin serving). */
  public void await(HttpClient client, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      assertRunning();
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
