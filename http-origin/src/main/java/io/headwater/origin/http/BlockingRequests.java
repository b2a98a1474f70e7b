package io.headwater.origin.http;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.LowLatencyView;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.origin.security.BlockedRequestLimit;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * LL-HLS blocking requests (draft-pantos-hls-rfc8216bis 6.2.5.2 and 6.2.6): a playlist request
 * with {@code _HLS_msn}/{@code _HLS_part}, or a request for the preload-hinted part, is held until
 * that segment or part exists. The exchange is parked, not a thread: each stream view completes a
 * future when the next one is published, and the wait re-checks on every view until it is
 * satisfied or its timeout (three target durations) fires on the connection's I/O thread.
 */
public final class BlockingRequests {
  private BlockingRequests() {}

  /**
   * What a playlist request asks for.
   *
   * @param msn {@code _HLS_msn}, or -1 when absent
   * @param part {@code _HLS_part}, or -1 when absent
   * @param skip whether {@code _HLS_skip=YES} or {@code v2} asks for a delta update
   */
  public record PlaylistRequest(long msn, int part, boolean skip) {
    public boolean blocking() {
      return msn >= 0;
    }
  }

  /** A request whose query breaks bis 6.2.5.2; the message is the 400 body. */
  public static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  /**
   * Reads the LL-HLS query parameters.
   *
   * @throws BadRequest for {@code _HLS_part} without {@code _HLS_msn} (a MUST of 6.2.5.2) or a
   *     value that is not a non-negative decimal integer
   */
  public static PlaylistRequest parse(Map<String, Deque<String>> query) throws BadRequest {
    long msn = number(query, "_HLS_msn");
    long part = number(query, "_HLS_part");
    if (part >= 0 && msn < 0) {
      throw new BadRequest("_HLS_part without _HLS_msn");
    }
    if (part > Integer.MAX_VALUE) {
      throw new BadRequest("_HLS_part out of range");
    }
    Deque<String> skip = query.get("_HLS_skip");
    boolean delta = skip != null && !skip.isEmpty()
        && (skip.peekFirst().equals("YES") || skip.peekFirst().equals("v2"));
    return new PlaylistRequest(msn, (int) part, delta);
  }

  private static long number(Map<String, Deque<String>> query, String name) throws BadRequest {
    Deque<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return -1;
    }
    String v = values.peekFirst();
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
      throw new BadRequest(name + " must be a decimal integer, was '" + v + "'");
    }
    return Long.parseLong(v);
  }

  /**
   * The request is too far ahead to be answered by waiting (bis 6.2.5.2: an msn more than two
   * segments past the last one, or a part beyond the advance part limit, SHOULD get a 400 at
   * once).
   */
  public static String tooFarAhead(PlaylistRequest r, StreamView view, int trackId) {
    TimelineSnapshot s = view.snapshot();
    long lastMsn = s.lastSegment().sequenceNumber();
    List<PartEntry> parts = view.lowLatency().parts(trackId);
    int lastPart = -1;
    if (!parts.isEmpty() && parts.get(parts.size() - 1).segmentSequence() > lastMsn) {
      lastMsn = parts.get(parts.size() - 1).segmentSequence();
      lastPart = parts.get(parts.size() - 1).partIndex();
    }
    if (r.msn() > lastMsn + 2) {
      return "_HLS_msn=" + r.msn() + " is more than two segments past the last (" + lastMsn + ")";
    }
    long partTarget = view.lowLatency().partTargetMicros();
    // Advance Part Limit: 3 / PART-TARGET when PART-TARGET < 1 s, else 3.
    long limit = partTarget > 0 && partTarget < 1_000_000 ? 3_000_000 / partTarget : 3;
    if (r.part() >= 0 && r.msn() == lastMsn && lastPart >= 0 && r.part() - lastPart > limit) {
      return "_HLS_part=" + r.part() + " exceeds the last part (" + lastPart
          + ") by more than the advance part limit (" + limit + ")";
    }
    return null;
  }

  /**
   * Whether the view satisfies a blocking playlist request for track {@code trackId}: segment
   * {@code msn} is complete, or (with a part) part {@code part} of it is listed; a part index
   * past the last part of a complete segment means part 0 of the next one (bis 6.2.5.2). A
   * part of a segment not yet complete counts only while the view lists it, in its open segment.
   * An ended stream satisfies every request (its playlist ignores the parameters).
   */
  public static boolean satisfied(PlaylistRequest r, StreamView view, int trackId) {
    TimelineSnapshot s = view.snapshot();
    if (s.ended()) {
      return true;
    }
    long lastComplete = s.lastSegment().sequenceNumber();
    if (r.part() < 0) {
      return lastComplete >= r.msn();
    }
    List<PartEntry> parts = view.lowLatency().parts(trackId);
    if (lastComplete >= r.msn()) {
      int count = 0;
      for (PartEntry p : parts) {
        if (p.segmentSequence() == r.msn()) {
          count++;
        }
      }
      if (count == 0 || r.part() < count) {
        return true; // the segment is complete (and its parts too, or no longer listed)
      }
      return satisfied(new PlaylistRequest(r.msn() + 1, 0, r.skip()), view, trackId);
    }
    // The part must be listed, not merely made: while a segment closes, the ingest publishes
    // its last parts before the segment itself, in views without an open segment whose
    // playlists list neither (the segment is not complete, the open one has ended). Answered
    // from such a view, a reload for the last part of a segment got a playlist that ended a
    // segment earlier than the one the player had, at every segment boundary.
    LowLatencyView.OpenSegment open = view.lowLatency().openSegment();
    if (open == null || open.sequenceNumber() != r.msn()) {
      return false;
    }
    for (PartEntry p : parts) {
      if (p.segmentSequence() == r.msn() && p.partIndex() >= r.part()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a requested part name can still come: it belongs to a segment not yet complete, and
   * a publisher feeds the stream. A part of a complete segment that was never produced will
   * never exist; nor will a part hinted before the publisher left, as hinted: the parts of a
   * returning publisher follow a discontinuity. Such a request gets a 404 at once, while the
   * playlist is still live (bis 6.2.6: a server that does not publish a hinted resource SHOULD
   * answer 404 for it), not after the playlist got EXT-X-ENDLIST, when a player (Shaka) takes
   * a failed media request for a fatal error.
   */
  public static boolean partMayStillCome(StreamView view, long segmentSequence) {
    TimelineSnapshot s = view.snapshot();
    SegmentEntry last = s.lastSegment();
    return !s.ended() && view.lowLatency().publishing()
        && segmentSequence > last.sequenceNumber()
        && segmentSequence <= last.sequenceNumber() + 1;
  }

  /**
   * Answers at once when {@code ready} holds for the stream's view, else parks the exchange until
   * a published view satisfies it ({@code respond}, on the I/O thread) or {@code timeout} passes
   * ({@code timedOut}). Past the held-request limit it answers 503 at once instead.
   */
  public static void await(HttpServerExchange exchange, LiveStream stream,
      Predicate<StreamView> ready, Duration timeout, Consumer<StreamView> respond,
      Runnable timedOut) {
    StreamView current = stream.view();
    if (ready.test(current)) {
      respond.accept(current);
      return;
    }
    if (!BlockedRequestLimit.admit(exchange, stream.path())) {
      return;
    }
    AtomicBoolean done = new AtomicBoolean();
    exchange.addExchangeCompleteListener((ex, next) -> {
      done.set(true);
      next.proceed();
    });
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
      XnioIoThread io = exchange.getIoThread();
      XnioExecutor.Key timer = io.executeAfter(() -> {
        if (done.compareAndSet(false, true)) {
          timedOut.run();
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      watch(current, ready, done, timer, io, respond);
    });
  }

  private static void watch(StreamView view, Predicate<StreamView> ready, AtomicBoolean done,
      XnioExecutor.Key timer, XnioIoThread io, Consumer<StreamView> respond) {
    view.next().thenAccept(successor -> {
      if (done.get()) {
        return;
      }
      if (ready.test(successor)) {
        if (done.compareAndSet(false, true)) {
          timer.remove();
          io.execute(() -> respond.accept(successor));
        }
      } else {
        watch(successor, ready, done, timer, io, respond);
      }
    });
  }
}
