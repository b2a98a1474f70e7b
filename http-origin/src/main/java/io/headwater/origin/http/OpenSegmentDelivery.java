package io.headwater.origin.http;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.LowLatencyView;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.origin.security.BlockedRequestLimit;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TrackSegment;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.StoredSegment;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Low-latency DASH delivery of the CMAF segment being written (DASH-IF IOP "Low-latency Modes for
 * DASH"; ISO/IEC 23000-19 7.3.2.3 CMAF chunks): a request for it is answered at once with the
 * chunks (moof + mdat) made so far, and the response grows by each new chunk as the pipeline
 * makes it, over HTTP/1.1 chunked transfer coding (RFC 9112 7.1) or HTTP/2 DATA frames, ending
 * when the segment is complete. The bytes sent are those of the complete segment.
 *
 * <p>No thread waits: the exchange is parked, and each published {@link StreamView} completes
 * the future that sends the next chunks on the connection's I/O thread.
 *
 * <p>Caching: the response carries the segment's own immutable Cache-Control and strong ETag,
 * because the bytes are the segment's. A cache may store a response only once it is complete
 * (RFC 9111 3.3: an incomplete response is not used to answer later requests as a whole), and a
 * chunked response is complete only with its last chunk (RFC 9112 7.1). So the origin never ends
 * a partial response cleanly: when the segment cannot be completed it aborts the connection. An
 * HTTP/1.0 client (a close-delimited body cannot tell a cut from an end, RFC 9112 6.3) gets the
 * segment whole once it is complete.
 */
public final class OpenSegmentDelivery {
  private static final Logger log = LoggerFactory.getLogger(OpenSegmentDelivery.class);
  /** A CMAF segment name: {@code v/EPOCH-SEQ.m4s} (SegmentNames.cmafSegment). */
  private static final Pattern SEGMENT_NAME =
      Pattern.compile("([va])/([a-z0-9]+)-([0-9]{1,18})\\.m4s");

  /**
   * Cache-Control of a low-latency MPD: it gains the next segment with every segment, and a
   * player must see it within a chunk, so caches revalidate every use (RFC 9111 5.2.2.4), a
   * cheap 304 while the MPD is unchanged.
   */
  public static final String LOW_LATENCY_MPD = "public, no-cache";

  private final SegmentStore store;

  public OpenSegmentDelivery(SegmentStore store) {
    this.store = store;
  }

  /**
   * Serves {@code name} when it is the segment being written of a low-latency stream, or the
   * next one (announced in the MPD), held until it begins.
   *
   * @param whole answers with the complete segment, once it exists (for HTTP/1.0)
   * @return false when {@code name} is not an open segment (the caller answers 404)
   */
  public boolean serve(HttpServerExchange exchange, LiveStream stream, String name,
      BiConsumer<HttpServerExchange, String> whole) {
    Matcher m = SEGMENT_NAME.matcher(name);
    StreamView view = stream.view();
    if (!m.matches() || view == null || !m.group(2).equals(view.snapshot().epoch())) {
      return false;
    }
    long sequence = Long.parseLong(m.group(3));
    int trackId = trackOf(m.group(1));
    boolean next = isNext(view, sequence);
    if (!isOpen(view, sequence) && !next) {
      return false; // further ahead than the MPD announces, or complete and gone
    }
    Duration idle = Duration.ofSeconds(3L * Math.max(1, view.snapshot().targetDurationSeconds()));
    if (exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
      BlockingRequests.await(exchange, stream,
          v -> isComplete(v, sequence) || v.snapshot().ended(), idle.multipliedBy(2),
          v -> whole.accept(exchange, name),
          () -> Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND,
              "segment " + name + " did not complete\n"));
      return true;
    }
    if (next) {
      // The MPD announces the segment after the one being written, so that a player asks for it
      // as soon as the one before is complete: held until its first chunk exists.
      BlockingRequests.await(exchange, stream, v -> !isNext(v, sequence), idle,
          v -> {
            if (isOpen(v, sequence)) {
              send(exchange, stream, name, trackId, sequence, idle);
            } else if (isComplete(v, sequence)) {
              whole.accept(exchange, name);
            } else {
              Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND,
                  "segment " + name + " will not come\n");
            }
          },
          () -> Responses.text(exchange, StatusCodes.NOT_FOUND, CachePolicy.NOT_FOUND,
              "segment " + name + " did not begin\n"));
      return true;
    }
    if (!exchange.getRequestMethod().equals(Methods.HEAD)
        && !BlockedRequestLimit.admit(exchange, stream.path())) {
      return true; // answered 503: too many requests held open
    }
    exchange.dispatch(SameThreadExecutor.INSTANCE,
        () -> send(exchange, stream, name, trackId, sequence, idle));
    return true;
  }

  /**
   * Sends the open segment's chunks made so far and each next one as it comes, on the I/O
   * thread, with the exchange dispatched (it stays open after the handler returned).
   */
  private void send(HttpServerExchange exchange, LiveStream stream, String name, int trackId,
      long sequence, Duration idle) {
    exchange.setStatusCode(StatusCodes.OK);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ContentTypes.ofMediaName(name));
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.IMMUTABLE);
    exchange.getResponseHeaders().put(Headers.ETAG, "\"" + name.replace('/', '_') + "\"");
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    Transfer transfer = new Transfer(exchange, stream, name, trackId, sequence, idle);
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      transfer.done.set(true);
      nextListener.proceed();
    });
    transfer.start();
  }

  /** Whether segment {@code sequence} is the one being written in {@code view}. */
  static boolean isOpen(StreamView view, long sequence) {
    LowLatencyView ll = view.lowLatency();
    return ll.enabled() && !view.snapshot().ended() && ll.openSegment() != null
        && ll.openSegment().sequenceNumber() == sequence
        && sequence == view.snapshot().lastSegment().sequenceNumber() + 1;
  }

  /**
   * Whether segment {@code sequence} is the next to be written in {@code view}, which the MPD
   * announces (Manifests.lowLatencyDash): the one after the segment being written, or between
   * two segments the one about to open; only while a publisher feeds the stream.
   */
  static boolean isNext(StreamView view, long sequence) {
    LowLatencyView ll = view.lowLatency();
    if (!ll.enabled() || !ll.publishing() || view.snapshot().ended()) {
      return false;
    }
    long last = view.snapshot().lastSegment().sequenceNumber();
    return ll.openSegment() == null ? sequence == last + 1
        : ll.openSegment().sequenceNumber() == last + 1 && sequence == last + 2;
  }

  /** Whether segment {@code sequence} is listed (complete) in {@code view}. */
  static boolean isComplete(StreamView view, long sequence) {
    return view.snapshot().lastSegment().sequenceNumber() >= sequence;
  }

  private static int trackOf(String dir) {
    for (int trackId = 1; trackId <= 2; trackId++) {
      if (SegmentNames.trackDir(trackId).equals(dir)) {
        return trackId;
      }
    }
    throw new IllegalArgumentException("no track directory " + dir);
  }

  /** One response in progress: which chunks went out, and what to send next. */
  private final class Transfer {
    private final HttpServerExchange exchange;
    private final LiveStream stream;
    private final String name;
    private final int trackId;
    private final long sequence;
    private final Duration idle;
    private final AtomicBoolean done = new AtomicBoolean();
    private XnioIoThread io;
    private XnioExecutor.Key idleTimer;
    private Sender sender;
    private int partsSent;
    private long bytesSent;

    Transfer(HttpServerExchange exchange, LiveStream stream, String name, int trackId,
        long sequence, Duration idle) {
      this.exchange = exchange;
      this.stream = stream;
      this.name = name;
      this.trackId = trackId;
      this.sequence = sequence;
      this.idle = idle;
    }

    /** On the I/O thread, after the handler returned. */
    void start() {
      io = exchange.getIoThread();
      sender = exchange.getResponseSender();
      armIdleTimer();
      pump();
    }

    /** Sends what the latest view has beyond what went out, then waits for the next view. */
    private void pump() {
      if (done.get()) {
        return;
      }
      StreamView view = stream.view();
      List<ByteBuffer> out = new ArrayList<>();
      for (PartEntry p : view.lowLatency().parts(trackId)) {
        if (p.segmentSequence() != sequence || p.partIndex() < partsSent) {
          continue;
        }
        if (p.partIndex() != partsSent) {
          abort("chunk " + partsSent + " is missing");
          return;
        }
        var bytes = store.get(new SegmentKey(stream.path(),
            SegmentNames.cmafPart(view.snapshot().epoch(), trackId, sequence, p.partIndex())));
        if (bytes.isEmpty()) {
          abort("chunk " + p.partIndex() + " is no longer stored");
          return;
        }
        out.add(bytes.get().asReadOnlyBuffer());
        partsSent++;
      }
      boolean complete = isComplete(view, sequence);
      if (!complete && view.snapshot().ended()) {
        abort("the stream ended without completing the segment");
        return;
      }
      long total = bytesSent;
      for (ByteBuffer b : out) {
        total += b.remaining();
      }
      if (complete && total != completeSize(view)) {
        abort("segment completed with " + completeSize(view) + " bytes, chunks give " + total);
        return;
      }
      if (out.isEmpty()) {
        afterSend(view, complete);
        return;
      }
      armIdleTimer();
      bytesSent = total;
      sender.send(out.toArray(new ByteBuffer[0]), new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange ex, Sender s) {
          afterSend(view, complete);
        }

        @Override
        public void onException(HttpServerExchange ex, Sender s, IOException e) {
          done.set(true);
          cancelIdleTimer();
          IoUtils.safeClose(ex.getConnection());
        }
      });
    }

    /** The size of the complete segment's track, or -1 when the view does not list it. */
    private long completeSize(StreamView view) {
      for (SegmentEntry e : view.snapshot().segments()) {
        TrackSegment t = e.sequenceNumber() == sequence ? e.track(trackId) : null;
        if (t != null) {
          return t.sizeBytes();
        }
      }
      return -1;
    }

    private void afterSend(StreamView view, boolean complete) {
      if (done.get()) {
        return;
      }
      if (complete) {
        done.set(true);
        cancelIdleTimer();
        sender.close(IoCallback.END_EXCHANGE);
        return;
      }
      view.next().thenAccept(successor -> {
        if (!done.get()) {
          io.execute(this::pump);
        }
      });
    }

    private void armIdleTimer() {
      cancelIdleTimer();
      idleTimer = io.executeAfter(() -> abort("no chunk within " + idle.toSeconds() + " s"),
          idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelIdleTimer() {
      if (idleTimer != null) {
        idleTimer.remove();
        idleTimer = null;
      }
    }

    /** Cuts the connection: the body stays visibly incomplete to every cache on the way. */
    private void abort(String reason) {
      if (done.compareAndSet(false, true)) {
        cancelIdleTimer();
        log.warn("open segment transfer aborted stream={} object={} reason={}", stream.path(),
            name, reason);
        IoUtils.safeClose(exchange.getConnection());
      }
    }
  }
}
