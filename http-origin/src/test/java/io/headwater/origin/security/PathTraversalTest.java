package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of traversal encodings (../, encoded dots and slashes, backslashes, NUL, overlong
 * UTF-8) sent raw, over a socket, after every route prefix: none may answer 200 with anything
 * but the stream's own objects, and none may show a file of the machine.
 */
class PathTraversalTest {
  private static SecureOrigin origin;

  @BeforeAll
  static void publish() throws Exception {
    origin = new SecureOrigin("");
    Tools.Result r = origin.publish("live/cam");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  private static final List<String> DOT_DOT = List.of("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.",
      "%252e%252e", "%c0%ae%c0%ae", "%e0%80%ae%e0%80%ae", "%c0%2e%c0%2e", "..%00", "..%c0%af",
      "%uff0e%uff0e", "....", "..;");
  private static final List<String> SLASH = List.of("/", "%2f", "%2F", "\\\\", "%5c", "%252f",
      "%c0%af", "%e0%80%af", "%00/");
  private static final List<String> TARGETS = List.of("etc/passwd", "pom.xml",
      "WEB-INF/web.xml", "proc/self/environ");

  static List<String> corpus() {
    List<String> out = new ArrayList<>();
    for (String dots : DOT_DOT) {
      for (String slash : SLASH) {
        String up = (dots + slash).repeat(6);
        out.add(up + TARGETS.get(out.size() % TARGETS.size()));
      }
    }
    out.add("%00");
    out.add("index.m3u8%00.jpg");
    out.add("index.m3u8%00");
    out.add("v%2f..%2f..%2findex.m3u8");
    out.add("/etc/passwd");
    out.add("//etc/passwd");
    out.add("file:///etc/passwd");
    return out;
  }

  private static int rawGet(String target, StringBuilder body) throws Exception {
    try (Socket s = new Socket("127.0.0.1", origin.server.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      body.append(response);
      if (!response.startsWith("HTTP/1.1 ")) {
        return -1;
      }
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  @Test
  void noEncodingOfTraversalReachesAnythingOutsideTheStream() throws Exception {
    List<String> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    List<String> prefixes = List.of("/", "/live/cam/", "/live/cam/v/", "/live/cam/ts/",
        "/vod/", "/vod/live/cam/", "/api/streams/", "/api/recordings/", "/assets/");
    int requests = 0;
    for (String prefix : prefixes) {
      for (String attack : corpus) {
        StringBuilder response = new StringBuilder();
        int status = rawGet(prefix + attack, response);
        requests++;
        String text = response.toString();
        assertThat(text).as(prefix + attack).doesNotContain("root:x:0:0")
            .doesNotContain("<artifactId>").doesNotContain("PATH=");
        assertThat(status).as("%s%s: %s", prefix, attack, text.lines().findFirst().orElse(""))
            .isIn(400, 403, 404, 405, 414, -1);
      }
    }
    assertThat(requests).isGreaterThan(450);
  }
}
