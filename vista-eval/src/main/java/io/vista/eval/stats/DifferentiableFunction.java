package io.vista.eval.stats;

/** A smooth objective: its value at a point, with the gradient written into a caller-supplied array. */
@FunctionalInterface
public interface DifferentiableFunction {
  /**
   * Evaluates the function.
   *
   * @param x the point (not modified)
   * @param gradient receives the gradient at {@code x}; same length as {@code x}
   * @return the value at {@code x}
   */
  double valueAndGradient(double[] x, double[] gradient);
}
