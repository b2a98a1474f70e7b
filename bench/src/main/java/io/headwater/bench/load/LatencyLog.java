package io.headwater.bench.load;

import java.util.Arrays;

/** A growable list of millisecond values with percentiles; thread-safe. */
final class LatencyLog {
  private double[] values = new double[1024];
  private int size;

  synchronized void add(double ms) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = ms;
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (nearest rank), or NaN when empty. */
  synchronized double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  synchronized int countAbove(double ms) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (values[i] > ms) {
        n++;
      }
    }
    return n;
  }
}
