package io.vista.eval.metrics;

import io.vista.eval.stats.LogRegModel;
import io.vista.eval.stats.LogRegOptions;
import io.vista.eval.stats.LogisticRegression;

/**
 * A fitted linear probe over arbitrary integer labels: {@link LogisticRegression} wants labels in
 * {@code [0, numClasses)}, so labels are mapped to their position among the attribute's sorted classes and
 * predictions mapped back.
 *
 * @param model the fit
 * @param classes the attribute's sorted classes (positions index into it)
 */
record Probe(LogRegModel model, long[] classes) {

  /**
   * Fits {@code LogisticRegression(**opts)} on {@code n} rows of width {@code d}.
   *
   * @param warmStart nullable, {@link LogRegModel#parameters()} layout
   */
  static Probe fit(float[] x, int n, int d, long[] y, long[] classes, LogRegOptions opts, double[] warmStart) {
    int[] positions = new int[n];
    for (int i = 0; i < n; i++) {
      positions[i] = position(classes, y[i]);
    }
    return new Probe(LogisticRegression.fit(x, n, d, positions, classes.length, opts, warmStart), classes);
  }

  /** {@code predict}: one label per row. */
  long[] predict(float[] x, int n) {
    int[] p = model.predict(x, n);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = classes[p[i]];
    }
    return out;
  }

  private static int position(long[] classes, long label) {
    int p = java.util.Arrays.binarySearch(classes, label);
    if (p < 0) {
      throw new IllegalArgumentException("label " + label + " is not among the classes");
    }
    return p;
  }
}
