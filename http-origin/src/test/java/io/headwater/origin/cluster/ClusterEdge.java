package io.headwater.origin.cluster;

import io.headwater.origin.EdgeNginx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** deploy/nginx/cluster-edge.conf as shipped, in front of two origin nodes on loopback. */
final class ClusterEdge {
  static final Path EDGE_CONF = Path.of("..", "deploy", "nginx", "cluster-edge.conf");

  private ClusterEdge() {}

  /** Starts nginx in {@code dir} in front of the origin nodes on {@code origin1}/{@code origin2}. */
  static EdgeNginx start(Path dir, int origin1, int origin2) throws IOException {
    Map<String, Integer> upstreams = new LinkedHashMap<>();
    upstreams.put("10.0.0.21:8080", origin1);
    upstreams.put("10.0.0.22:8080", origin2);
    return EdgeNginx.start(dir, EDGE_CONF, "/run/nginx-cluster-edge.pid",
        "/var/cache/nginx/cluster-edge/", upstreams);
  }
}
