package io.vista.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Wall and process-CPU clocks, and the machine's load, for the timings. */
final class Clock {
  private Clock() {}

  /** CPU time of the whole process (every thread, TensorFlow's native pools included), or -1. */
  static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  /** The one-minute load average (runnable processes), or -1 where unknown. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Times {@code reps} runs of {@code body} after {@code warmup} untimed ones. */
  static StepStats time(int warmup, int reps, Runnable body) {
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    long[] wall = new long[reps];
    long cpu0 = processCpuNanos();
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      body.run();
      wall[i] = System.nanoTime() - t0;
    }
    return StepStats.of(wall, processCpuNanos() - cpu0);
  }
}
