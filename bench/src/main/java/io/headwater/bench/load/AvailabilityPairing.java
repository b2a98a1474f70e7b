package io.headwater.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pairs each listed segment or part with the video message that completed it and summarises the
 * delays. The rule: a segment or part ending at media time T is complete when the server has the
 * first video frame at or after T, i.e. the frame whose timestamp is T (the next segment's
 * keyframe for a segment, the next part's first frame for a part): before that frame arrives the
 * server cannot know that the last frame before T is the last one, nor its duration (each frame's
 * duration is the next frame's DTS minus its own). Media time 0 of the playlist is the first
 * keyframe's FLV timestamp (the first segment starts there); T is read from the playlist (EXTINFs
 * and part durations summed), and the frame must lie within a few milliseconds of it, or the
 * listing counts as unmatched (e.g. the last segment, closed by the publisher leaving).
 */
final class AvailabilityPairing {
  /** Largest distance between T and a frame's timestamp for a part (frames are >= 16 ms apart). */
  static final double PART_TOLERANCE_MS = 8;
  /** The same for a segment, whose T sums EXTINFs rounded to 1 ms (nginx-rtmp) each. */
  static final double SEGMENT_TOLERANCE_MS = 40;

  /**
   * One listing, the arrival of the video frame that completed it (null when unmatched) and, for
   * a segment, of the first audio frame at or after that frame's timestamp (null when none): a
   * server that closes a segment's audio with its video needs that one too.
   */
  record Pair(Listing listing, VideoArrival completedBy, double matchErrorMs,
      AudioArrival audioAfter) {
    double listedMs() {
      return (listing.listedNanos() - completedBy.arrivalNanos()) / 1e6;
    }

    /** Listing minus the later of the completing video frame and the audio frame after it. */
    double listedAfterAudioMs() {
      long last = audioAfter == null ? completedBy.arrivalNanos()
          : Math.max(completedBy.arrivalNanos(), audioAfter.arrivalNanos());
      return (listing.listedNanos() - last) / 1e6;
    }

    double fetchedMs() {
      return (listing.fetchedNanos() - completedBy.arrivalNanos()) / 1e6;
    }
  }

  /**
   * The summary of one kind of listing, one {@code RESULT} line. "Listed" is when the response
   * that first listed it arrived; for a polling observer the listing happened during the poll gap
   * before that, so "lower" (listed minus the gap) bounds it from below; for blocking reloads
   * the two are the same.
   */
  record Summary(String label, String kind, int count, int unmatched, int fetchFailures,
      double listedP50, double listedP95, double listedMax, double listedMin,
      double fetchedP50, double fetchedP95, double fetchedMax, double pollGapP50,
      double lowerP50, double lowerP95, double afterAudioP50, double afterAudioP95,
      double matchErrorMax) {
    String resultLine() {
      return String.format(Locale.ROOT, "RESULT label=%s kind=%s count=%d unmatched=%d"
          + " fetch_failures=%d listed_p50_ms=%.2f listed_p95_ms=%.2f listed_max_ms=%.2f"
          + " listed_min_ms=%.2f fetched_p50_ms=%.2f fetched_p95_ms=%.2f fetched_max_ms=%.2f"
          + " poll_gap_p50_ms=%.2f lower_p50_ms=%.2f lower_p95_ms=%.2f after_audio_p50_ms=%.2f"
          + " after_audio_p95_ms=%.2f match_error_max_ms=%.2f", label, kind, count, unmatched,
          fetchFailures, listedP50, listedP95, listedMax, listedMin, fetchedP50, fetchedP95,
          fetchedMax, pollGapP50, lowerP50, lowerP95, afterAudioP50, afterAudioP95,
          matchErrorMax);
    }
  }

  private AvailabilityPairing() {}

  /** Pairs every listing with its completing frame among {@code arrivals}, without audio. */
  static List<Pair> pair(List<VideoArrival> arrivals, List<Listing> listings) {
    return pair(arrivals, List.of(), listings);
  }

  /**
   * Pairs every listing with its completing video frame among {@code arrivals} and, for
   * segments, the first audio frame of {@code audio} at or after it.
   */
  static List<Pair> pair(List<VideoArrival> arrivals, List<AudioArrival> audio,
      List<Listing> listings) {
    List<VideoArrival> frames = new ArrayList<>();
    for (VideoArrival a : arrivals) {
      if (a.isFrame()) {
        frames.add(a);
      }
    }
    long base = -1;
    for (VideoArrival f : frames) {
      if (f.keyframe()) {
        base = f.flvTimestampMs();
        break;
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (Listing l : listings) {
      if (base < 0) {
        pairs.add(new Pair(l, null, Double.NaN, null));
        continue;
      }
      boolean segment = l.partIndex() < 0;
      double target = base + l.mediaEndSeconds() * 1000;
      VideoArrival best = null;
      double bestError = Double.MAX_VALUE;
      for (VideoArrival f : frames) {
        if (segment && !f.keyframe()) {
          continue;
        }
        double error = Math.abs(f.flvTimestampMs() - target);
        if (error < bestError) {
          best = f;
          bestError = error;
        }
      }
      double tolerance = segment ? SEGMENT_TOLERANCE_MS : PART_TOLERANCE_MS;
      if (bestError > tolerance) {
        pairs.add(new Pair(l, null, bestError, null));
        continue;
      }
      AudioArrival after = null;
      if (segment) {
        for (AudioArrival a : audio) {
          if (!a.sequenceHeader() && a.flvTimestampMs() >= best.flvTimestampMs()) {
            after = a;
            break;
          }
        }
      }
      pairs.add(new Pair(l, best, bestError, after));
    }
    return pairs;
  }

  /**
   * Summarises the pairs of one kind that end at or after {@code warmupSeconds} of media (the
   * first ones measure two JVMs compiling, not the steady state).
   */
  static Summary summarise(String label, String kind, List<Pair> pairs, double warmupSeconds) {
    LatencyLog listed = new LatencyLog();
    LatencyLog fetched = new LatencyLog();
    LatencyLog gaps = new LatencyLog();
    LatencyLog lower = new LatencyLog();
    LatencyLog afterAudio = new LatencyLog();
    int unmatched = 0;
    int failures = 0;
    double min = Double.NaN;
    double matchErrorMax = 0;
    for (Pair p : pairs) {
      if (!p.listing().kind().equals(kind)
          || p.listing().mediaEndSeconds() < warmupSeconds) {
        continue;
      }
      if (p.completedBy() == null) {
        unmatched++;
        continue;
      }
      listed.add(p.listedMs());
      min = Double.isNaN(min) ? p.listedMs() : Math.min(min, p.listedMs());
      matchErrorMax = Math.max(matchErrorMax, p.matchErrorMs());
      if (p.listing().fetchStatus() == 200) {
        fetched.add(p.fetchedMs());
      } else {
        failures++;
      }
      gaps.add(p.listing().pollGapNanos() / 1e6);
      lower.add(p.listedMs() - p.listing().pollGapNanos() / 1e6);
      if (p.audioAfter() != null) {
        afterAudio.add(p.listedAfterAudioMs());
      }
    }
    return new Summary(label, kind, listed.count(), unmatched, failures, listed.percentile(50),
        listed.percentile(95), listed.percentile(100), min, fetched.percentile(50),
        fetched.percentile(95), fetched.percentile(100), gaps.percentile(50),
        lower.percentile(50), lower.percentile(95), afterAudio.percentile(50),
        afterAudio.percentile(95), matchErrorMax);
  }
}
