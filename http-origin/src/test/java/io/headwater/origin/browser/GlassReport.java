package io.headwater.origin.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What glass-clock.js read from the frames one player showed: the burnt clock's distance behind
 * {@code Date.now()} per read frame, and how many sampled frames could not be read.
 *
 * @param api how frames were sampled (requestVideoFrameCallback, or a timer)
 * @param samples one per read frame, in page order
 * @param unreadable frames with a grey block or a wrong marker
 * @param failedCheck frames whose check bits did not match their value
 */
public record GlassReport(String api, List<Sample> samples, long unreadable, long failedCheck) {
  /** One read frame: when it was read ({@code Date.now()}) and how far its clock was behind. */
  public record Sample(long epochMs, long behindMs, double mediaTime) {}

  public GlassReport {
    samples = List.copyOf(samples);
  }

  /** Parses {@code result.glass} of one line of the driver's output (empty when absent). */
  public static GlassReport parse(JsonNode line) {
    JsonNode g = line.path("result").path("glass");
    List<Sample> samples = new ArrayList<>();
    g.path("samples").forEach(s -> samples.add(new Sample(s.path("epochMs").asLong(),
        s.path("ms").asLong(), s.path("time").asDouble())));
    return new GlassReport(g.path("api").asText(null), samples, g.path("unreadable").asLong(),
        g.path("failedCheck").asLong());
  }

  /** Frames sampled, read or not. */
  public long sampled() {
    return samples.size() + unreadable + failedCheck;
  }

  /** The share of sampled frames whose clock was read, 0 when none was sampled. */
  public double readFraction() {
    return sampled() == 0 ? 0 : samples.size() / (double) sampled();
  }

  /** The {@code q} quantile (0..1) of the glass-to-glass latency in ms, or NaN without samples. */
  public double quantileMs(double q) {
    return quantile(samples.stream().mapToLong(Sample::behindMs).toArray(), q);
  }

  /**
   * The median of glass-to-glass minus the player's own latency at the same moment (its 250 ms
   * samples paired with the read frame nearest in time, within 150 ms), in ms; NaN when no pair.
   * Positive: the player reports less latency than the picture shows.
   */
  public double medianGapToPlayerMs(PlayReport player) {
    List<Long> gaps = new ArrayList<>();
    for (PlayReport.Sample s : player.playing()) {
      if (s.latency() == null) {
        continue;
      }
      long at = player.startedAtEpochMs() + s.ms();
      Sample nearest = null;
      for (Sample g : samples) {
        if (nearest == null || Math.abs(g.epochMs() - at) < Math.abs(nearest.epochMs() - at)) {
          nearest = g;
        }
      }
      if (nearest != null && Math.abs(nearest.epochMs() - at) <= 150) {
        gaps.add(nearest.behindMs() - Math.round(s.latency() * 1000));
      }
    }
    return quantile(gaps.stream().mapToLong(Long::longValue).toArray(), 0.5);
  }

  private static double quantile(long[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }
}
