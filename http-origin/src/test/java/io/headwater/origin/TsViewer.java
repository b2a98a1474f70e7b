package io.headwater.origin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated player of an MPEG-TS live playlist on its own thread: reloads {@code index.m3u8}
 * every half target duration (RFC 8216 6.3.4, when the playlist has not changed) and fetches each
 * segment whose media sequence number is new, in order, until the time is up or, if asked, the
 * playlist ends. What it got and what failed are read once {@link #join} has returned.
 */
public final class TsViewer {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final List<Long> received = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<Long> failedAt = new ArrayList<>();
  private final String server;
  private final String base;
  private final long endNanos;
  private final long reloadMillis;
  private final boolean stopAtEnd;
  private final Thread thread;
  private long maxGapMillis;
  private long lastNewAt;
  private boolean ended;

  /**
   * A viewer, not yet started.
   *
   * @param server the scheme, host and port everything is fetched from
   * @param base the path of the playlist's folder, with its trailing slash: "/live/demo/ts/"
   * @param endNanos when to stop playing (System.nanoTime)
   * @param targetDuration the playlist's EXT-X-TARGETDURATION
   * @param stopAtEnd whether to stop once the playlist has EXT-X-ENDLIST
   */
  public TsViewer(String server, String base, long endNanos, Duration targetDuration,
      boolean stopAtEnd) {
    this.server = server;
    this.base = base;
    this.endNanos = endNanos;
    this.reloadMillis = targetDuration.toMillis() / 2;
    this.stopAtEnd = stopAtEnd;
    this.thread = new Thread(this::play, "viewer " + base);
  }

  /** Starts playing. */
  public void start() {
    thread.start();
  }

  /** Waits up to {@code millis} for the viewer to stop. */
  public void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** The playlist's folder this viewer plays. */
  public String base() {
    return base;
  }

  /** The media sequence numbers of the segments fetched whole, in order. */
  public List<Long> received() {
    return received;
  }

  /** What failed: "playlist STATUS", "SEGMENT-URI STATUS" or an I/O error. */
  public List<String> failures() {
    return failures;
  }

  /** When each of {@link #failures} happened (System.nanoTime), in the same order. */
  public List<Long> failedAt() {
    return failedAt;
  }

  /** The longest wait for a new segment, in milliseconds. */
  public long maxGapMillis() {
    return maxGapMillis;
  }

  /** When the last new segment arrived (System.nanoTime). */
  public long lastNewAt() {
    return lastNewAt;
  }

  /** Whether the last playlist read had EXT-X-ENDLIST. */
  public boolean ended() {
    return ended;
  }

  private void play() {
    long lastMsn = -1;
    lastNewAt = System.nanoTime();
    while (System.nanoTime() < endNanos && !(stopAtEnd && ended)) {
      try {
        HttpResponse<byte[]> r = get(base + "index.m3u8");
        if (r.statusCode() != 200) {
          fail("playlist " + r.statusCode());
        } else {
          String text = new String(r.body(), StandardCharsets.UTF_8);
          long msn = mediaSequence(text);
          for (String uri : text.lines().filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList()) {
            if (lastMsn < 0 || msn > lastMsn) {
              HttpResponse<byte[]> seg = get(base + uri);
              // A TS segment starts with the sync byte (ISO/IEC 13818-1 2.4.3.2).
              if (seg.statusCode() != 200 || seg.body().length == 0
                  || seg.body()[0] != 0x47) {
                // As a player does: reload the playlist and fetch that sequence number again
                // (after a failover a backup may list it under its own name).
                fail(uri + " " + seg.statusCode());
                break;
              }
              received.add(msn);
              lastMsn = msn;
              long now = System.nanoTime();
              maxGapMillis = Math.max(maxGapMillis, (now - lastNewAt) / 1_000_000);
              lastNewAt = now;
            }
            msn++;
          }
          ended = text.contains("#EXT-X-ENDLIST");
        }
        Thread.sleep(reloadMillis);
      } catch (IOException e) {
        fail(e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void fail(String what) {
    failures.add(what);
    failedAt.add(System.nanoTime());
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(server + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static long mediaSequence(String playlist) {
    return playlist.lines().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim()))
        .findFirst().orElse(0);
  }
}
