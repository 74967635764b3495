package io.vista.eval.metrics;

import java.util.Arrays;

/**
 * {@code np.percentile(a, q)} with numpy 1.24's default {@code method="linear"} (Hyndman and Fan's definition 7):
 * the virtual index {@code (n - 1) * q / 100} between the sorted neighbours, interpolated by numpy's
 * {@code _lerp}, which computes from the upper neighbour when the weight is at least 0.5 so that the end points
 * are exact.
 */
public final class Percentiles {
  private Percentiles() {}

  /** The percentile {@code q} in [0, 100] of {@code values} (not modified), as a double. */
  public static double linear(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return linearSorted(sorted, q);
  }

  /** {@link #linear} on values already sorted ascending. */
  public static double linearSorted(long[] sorted, double q) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("percentile of an empty array");
    }
    if (!(q >= 0 && q <= 100)) {
      throw new IllegalArgumentException("percentile " + q + " outside [0, 100]");
    }
    double virtual = (n - 1) * (q / 100.0);
    if (virtual >= n - 1) {
      return sorted[n - 1];
    }
    int previous = (int) Math.floor(virtual);
    double gamma = virtual - previous;
    double a = sorted[previous];
    double b = sorted[previous + 1];
    double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  }
}
