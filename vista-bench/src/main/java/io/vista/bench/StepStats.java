package io.vista.bench;

import java.util.Arrays;

/**
 * Summary of repeated timings of one operation: wall-clock median, mean and best in milliseconds,
 * and the process CPU time per repetition (all threads; more than the wall time when several cores
 * work). The median is the figure the report uses: on a shared machine a few repetitions are
 * slowed by other processes, and the median ignores them where the mean does not.
 */
public record StepStats(int count, double medianMs, double meanMs, double bestMs, double cpuMsPerRep) {

  /** Summarises wall times in nanoseconds and the process CPU nanoseconds they used in total. */
  public static StepStats of(long[] wallNanos, long cpuNanos) {
    if (wallNanos.length == 0) {
      throw new IllegalArgumentException("no timings");
    }
    long[] s = wallNanos.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    double sum = 0;
    for (long v : s) {
      sum += v;
    }
    return new StepStats(n, median / 1e6, sum / n / 1e6, s[0] / 1e6, cpuNanos / 1e6 / n);
  }

  /** Items (tokens) per second at the median time. */
  public double perSecond(double itemsPerRep) {
    return itemsPerRep / (medianMs / 1e3);
  }
}
