package io.headwater.origin;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting for what a server does in the background: a condition polled until it holds. */
public final class Eventually {
  private static final long TIMEOUT_SECONDS = 10;
  private static final long POLL_MILLIS = 20;

  private Eventually() {}

  /** Whether {@code condition} holds within 10 s, polled every 20 ms. */
  public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
