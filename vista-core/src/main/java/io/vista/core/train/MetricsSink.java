package io.vista.core.train;

import java.util.Map;

/** Somewhere metrics go: the CSV file, TensorBoard event files, the console. */
public interface MetricsSink extends AutoCloseable {
  /**
   * Records metrics at a global step. Names follow the Python project's Lightning keys
   * ({@code train/loss}, {@code val/l0_norm}, ...).
   */
  void log(long step, int epoch, Map<String, Double> metrics);

  /** Makes what was logged durable (called at epoch ends and checkpoints). */
  void flush();

  @Override
  void close();
}
