package io.headwater.origin.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the test page recorded while one player played one URL (see resources/browser/player.js),
 * with the figures a viewer would notice derived from its 250 ms samples. Page times are
 * milliseconds since the page script started.
 */
public record PlayReport(
    String id,
    String version,
    long startedAtEpochMs,
    Long firstFrameMs,
    Long endedMs,
    Long staticMs,
    String reason,
    boolean timedOut,
    List<Sample> samples,
    List<Event> events,
    List<PlayError> errors,
    List<String> console) {

  /** One 250 ms sample of the media element and the player. */
  public record Sample(long ms, double time, int readyState, Double latency, Boolean live,
      double bufferedAhead, Long decoded, Long dropped) {}

  /**
   * A media element event (waiting, playing, ended, ...); for waiting and stalled, the detail is
   * the element's position, ready state, buffered ranges and frame counts at that moment.
   */
  public record Event(long ms, String type, String detail) {}

  /** An error reported by the player or the media element. */
  public record PlayError(long ms, boolean fatal, String detail) {}

  /** Parses one line of the driver's output. */
  public static PlayReport parse(JsonNode line) {
    JsonNode r = line.path("result");
    List<String> console = new ArrayList<>();
    line.path("console").forEach(c -> console.add(c.asText()));
    List<Sample> samples = new ArrayList<>();
    r.path("samples").forEach(s -> samples.add(new Sample(s.path("ms").asLong(),
        s.path("time").asDouble(), s.path("readyState").asInt(), nullableDouble(s, "latency"),
        s.path("live").isBoolean() ? s.path("live").asBoolean() : null,
        s.path("bufferedAhead").asDouble(), nullableLong(s, "decoded"),
        nullableLong(s, "dropped"))));
    List<Event> events = new ArrayList<>();
    r.path("events").forEach(e -> events.add(new Event(e.path("ms").asLong(),
        e.path("type").asText(), e.path("detail").asText(null))));
    List<PlayError> errors = new ArrayList<>();
    r.path("errors").forEach(e -> errors.add(new PlayError(e.path("ms").asLong(),
        e.path("fatal").asBoolean(), e.path("detail").asText())));
    return new PlayReport(line.path("id").asText(), r.path("version").asText(null),
        r.path("startedAtEpochMs").asLong(), nullableLong(r, "firstFrameMs"),
        nullableLong(r, "endedMs"), nullableLong(r, "staticMs"), r.path("reason").asText(null),
        line.path("timedOut").asBoolean() || r.isMissingNode() || r.isNull(),
        List.copyOf(samples), List.copyOf(events), List.copyOf(errors), List.copyOf(console));
  }

  private static Long nullableLong(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNumber() ? v.asLong() : null;
  }

  private static Double nullableDouble(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNumber() ? v.asDouble() : null;
  }

  /** Whether the first frame (or, audio only, the first advance of the playhead) was seen. */
  public boolean started() {
    return firstFrameMs != null;
  }

  /** Samples from the first frame on, up to {@code ended} when it fired. */
  public List<Sample> playing() {
    List<Sample> out = new ArrayList<>();
    if (firstFrameMs == null) {
      return out;
    }
    for (Sample s : samples) {
      if (s.ms() >= firstFrameMs && (endedMs == null || s.ms() <= endedMs)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Wall-clock seconds of playback sampled after the first frame. */
  public double playedWallSeconds() {
    List<Sample> p = playing();
    return p.size() < 2 ? 0 : (p.get(p.size() - 1).ms() - p.get(0).ms()) / 1000.0;
  }

  /** Media time advanced per wall-clock time after the first frame (1.0 = real time). */
  public double advanceRatio() {
    List<Sample> p = playing();
    double wall = playedWallSeconds();
    return wall <= 0 ? 0 : (p.get(p.size() - 1).time() - p.get(0).time()) / wall;
  }

  /** {@code waiting} events after the first frame. */
  public long stallsAfterStart() {
    if (firstFrameMs == null) {
      return 0;
    }
    return events.stream().filter(e -> e.type().equals("waiting") && e.ms() > firstFrameMs)
        .count();
  }

  /** The longest wall-clock span after the first frame in which the media time did not move. */
  public long longestFreezeMs() {
    List<Sample> p = playing();
    long longest = 0;
    Sample since = null;
    for (int i = 1; i < p.size(); i++) {
      if (p.get(i).time() <= p.get(i - 1).time()) {
        if (since == null) {
          since = p.get(i - 1);
        }
        longest = Math.max(longest, p.get(i).ms() - since.ms());
      } else {
        since = null;
      }
    }
    return longest;
  }

  /** The median of the player's live latency over the samples after the first frame, or NaN. */
  public double medianLatency() {
    double[] l = playing().stream().map(Sample::latency).filter(v -> v != null)
        .mapToDouble(Double::doubleValue).sorted().toArray();
    return l.length == 0 ? Double.NaN : l[l.length / 2];
  }

  /** The largest live latency sampled after the first frame, or NaN. */
  public double maxLatency() {
    return playing().stream().map(Sample::latency).filter(v -> v != null)
        .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Video frames decoded (getVideoPlaybackQuality), at the last sample. */
  public long decodedFrames() {
    return lastNonNull(true);
  }

  /** Video frames dropped (getVideoPlaybackQuality), at the last sample. */
  public long droppedFrames() {
    return lastNonNull(false);
  }

  private long lastNonNull(boolean decoded) {
    for (int i = samples.size() - 1; i >= 0; i--) {
      Long v = decoded ? samples.get(i).decoded() : samples.get(i).dropped();
      if (v != null) {
        return v;
      }
    }
    return 0;
  }

  /** The media time at the last sample. */
  public double lastMediaTime() {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).time();
  }

  /** The media time sampled nearest before {@code epochMs}, or 0 before the page started. */
  public double mediaTimeAt(long epochMs) {
    double t = 0;
    for (Sample s : samples) {
      if (startedAtEpochMs + s.ms() <= epochMs) {
        t = s.time();
      }
    }
    return t;
  }

  public List<PlayError> fatalErrors() {
    return errors.stream().filter(PlayError::fatal).toList();
  }

  /** Everything a failed assertion should show: errors, console and the last samples. */
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    b.append("page ").append(id).append(" reason=").append(reason).append(" timedOut=")
        .append(timedOut).append(" firstFrameMs=").append(firstFrameMs).append('\n');
    errors.forEach(e -> b.append("  error ").append(e).append('\n'));
    console.stream().limit(30).forEach(c -> b.append("  console ").append(c).append('\n'));
    events.stream().filter(e -> !e.type().equals("timeupdate")).limit(40)
        .forEach(e -> b.append("  event ").append(e).append('\n'));
    samples.stream().skip(Math.max(0, samples.size() - 12))
        .forEach(s -> b.append("  sample ").append(s).append('\n'));
    return b.toString();
  }
}
