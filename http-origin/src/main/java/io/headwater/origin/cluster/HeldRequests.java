package io.headwater.origin.cluster;

import io.headwater.origin.security.BlockedRequestLimit;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.xnio.XnioExecutor;

/**
 * Holds LL-HLS requests on an origin node (draft-pantos-hls-rfc8216bis 6.2.5.2 blocking reloads,
 * 6.2.6 preload-hinted parts) until a stored playlist says they can be answered. The exchange is
 * parked, not a thread: the playlist's shared poll loop ({@link PlaylistPoller}) offers each read
 * to the request, and a timer on the connection's I/O thread ends the wait. Held requests count
 * against the same limits as on ingest nodes ({@link BlockedRequestLimit}: 503 past them).
 */
final class HeldRequests {
  private final PlaylistPoller poller;

  HeldRequests(PlaylistPoller poller) {
    this.poller = poller;
  }

  /**
   * Parks {@code exchange} (called from its handler) until a read of the playlist object {@code
   * key} satisfies {@code ready}, then runs {@code respond} with that read on a worker thread
   * (it may read the store); after {@code timeout}, runs {@code timedOut} on the I/O thread.
   */
  void hold(HttpServerExchange exchange, String streamPath, String key, long pollMillis,
      Duration timeout, Predicate<StoredPlaylist> ready, Consumer<PlaylistPoller.Polled> respond,
      Runnable timedOut) {
    if (!BlockedRequestLimit.admit(exchange, streamPath)) {
      return; // answered 503
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<XnioExecutor.Key> timer = new AtomicReference<>();
    PlaylistPoller.Waiter waiter = polled -> {
      if (done.get()) {
        return true;
      }
      if (!ready.test(polled.playlist())) {
        return false;
      }
      if (done.compareAndSet(false, true)) {
        XnioExecutor.Key key2 = timer.get();
        if (key2 != null) {
          key2.remove();
        }
        exchange.getConnection().getWorker().execute(() -> respond.accept(polled));
      }
      return true;
    };
    exchange.addExchangeCompleteListener((ex, next) -> {
      done.set(true); // answered, or the client is gone
      poller.cancel(key, waiter);
      next.proceed();
    });
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
      timer.set(exchange.getIoThread().executeAfter(() -> {
        if (done.compareAndSet(false, true)) {
          poller.cancel(key, waiter);
          timedOut.run();
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS));
      poller.watch(key, pollMillis, waiter);
    });
  }
}
