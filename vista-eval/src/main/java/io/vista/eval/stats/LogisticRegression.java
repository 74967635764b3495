package io.vista.eval.stats;

import io.vista.core.VistaException;
import java.util.Arrays;

/**
 * scikit-learn 1.2.1's {@code LogisticRegression(solver="lbfgs", penalty="l2")}: the same objective, the same
 * starting point, the same optimiser and stopping rules (see {@link Lbfgs}), so that coefficients agree to the
 * optimiser's tolerance and predictions agree.
 *
 * <ul>
 *   <li>Classes are those present in {@code y} ({@code np.unique}); predictions map back to those labels.
 *   <li>Two classes with {@code multi_class="auto"}: one coefficient vector with the binomial loss, positive class
 *       {@code classes[1]} -- a different optimum from a two-class softmax, so the distinction matters.
 *   <li>More classes, or {@code multi_class="multinomial"}: the softmax loss with one coefficient row per class
 *       (for two classes scikit-learn then keeps only the second class's row, and so does this).
 *   <li>Objective {@code sum_i loss_i + 0.5/C ||W||^2}, intercepts unpenalised, not divided by n: in 1.2.1 the
 *       lbfgs gradient tolerance {@code tol} applies to exactly this scale.
 *   <li>Start from zeros, or from a warm start.
 * </ul>
 */
public final class LogisticRegression {
  private LogisticRegression() {}

  /**
   * Fits on row-major data.
   *
   * @param x {@code [n][d]} row-major (scikit-learn converts to float64; so does this unless {@code float32})
   * @param y labels in [0, numClasses)
   * @param numClasses number of declared classes (labels must lie below it; absent ones are simply not fitted)
   * @param opts settings
   * @param warmStart nullable; {@link LogRegModel#parameters()} layout: coefficient rows ({@code rows*d}) then
   *     the {@code rows} intercepts, or just the {@code rows*d} coefficients (intercepts start at 0), where
   *     {@code rows} is 1 for two present classes and the number of present classes otherwise (scikit-learn's
   *     {@code warm_start} with {@code coef_} and {@code intercept_})
   */
  public static LogRegModel fit(
      float[] x, int n, int d, int[] y, int numClasses, LogRegOptions opts, double[] warmStart) {
    if (n <= 0 || d <= 0 || (long) n * d != x.length) {
      throw new VistaException("LogisticRegression: X has " + x.length + " values, expected n*d = " + n + "*" + d);
    }
    if (y.length != n) {
      throw new VistaException("LogisticRegression: y has " + y.length + " labels for " + n + " rows");
    }
    if (numClasses < 2) {
      throw new VistaException("LogisticRegression: numClasses=" + numClasses + " must be at least 2");
    }
    boolean[] present = new boolean[numClasses];
    for (int i = 0; i < n; i++) {
      if (y[i] < 0 || y[i] >= numClasses) {
        throw new VistaException("LogisticRegression: label " + y[i] + " at row " + i
            + " is outside [0, " + numClasses + ")");
      }
      present[y[i]] = true;
    }
    int[] classes = java.util.stream.IntStream.range(0, numClasses).filter(c -> present[c]).toArray();
    if (classes.length < 2) {
      throw new VistaException("LogisticRegression needs samples of at least 2 classes, but y contains only class "
          + classes[0]);
    }
    int[] position = new int[numClasses];
    Arrays.fill(position, -1);
    for (int p = 0; p < classes.length; p++) {
      position[classes[p]] = p;
    }
    int[] classIndex = new int[n];
    for (int i = 0; i < n; i++) {
      classIndex[i] = position[y[i]];
    }
    boolean binary = classes.length == 2 && opts.multiClass() == LogRegOptions.MultiClass.AUTO;
    int solverRows = binary ? 1 : classes.length;
    // scikit-learn keeps a single row for any two-class fit; for a two-class softmax it is the second class's
    // row (the optimum has w0 = -w1, so the sign of X w1 + b1 still decides the class).
    int modelRows = classes.length == 2 ? 1 : classes.length;

    double[] theta0 = warmStart == null
        ? new double[(d + 1) * solverRows]
        : solverStart(warmStart, d, modelRows, solverRows);

    Lbfgs.Result result;
    try (TfLogisticObjective objective = new TfLogisticObjective(
        x, n, d, classIndex, classes.length, binary, opts.c(), opts.float32(), opts.layout())) {
      result = Lbfgs.minimize(objective, theta0, Lbfgs.Options.scipy(opts.maxIter(), opts.tol()));
    }
    double[] theta = result.x();
    double[][] coef = new double[modelRows][d];
    double[] intercept = new double[modelRows];
    for (int r = 0; r < modelRows; r++) {
      int src = modelRows == solverRows ? r : 1;
      for (int j = 0; j < d; j++) {
        coef[r][j] = theta[j * solverRows + src];
      }
      intercept[r] = theta[d * solverRows + src];
    }
    int iterations = Math.min(result.iterations(), opts.maxIter());
    return new LogRegModel(classes, coef, intercept, iterations, result.stopReason(), result.value());
  }

  /**
   * Maps a warm start from the model layout (rows of coef, then intercepts) to the solver layout ([d][rows]
   * row-major, then intercepts). A one-row start of a two-class softmax becomes (-row, +row), as scikit-learn
   * does.
   */
  private static double[] solverStart(double[] warmStart, int d, int modelRows, int solverRows) {
    boolean withIntercept = warmStart.length == modelRows * (d + 1);
    if (!withIntercept && warmStart.length != modelRows * d) {
      throw new VistaException("LogisticRegression warm start has " + warmStart.length + " values, expected "
          + modelRows * d + " or " + modelRows * (d + 1) + " for " + modelRows + " coefficient rows of " + d
          + " features");
    }
    double[] theta0 = new double[(d + 1) * solverRows];
    for (int r = 0; r < solverRows; r++) {
      int src = modelRows == solverRows ? r : 0;
      double sign = modelRows == solverRows || r == 1 ? 1.0 : -1.0;
      for (int j = 0; j < d; j++) {
        theta0[j * solverRows + r] = sign * warmStart[src * d + j];
      }
      if (withIntercept) {
        theta0[d * solverRows + r] = sign * warmStart[modelRows * d + src];
      }
    }
    return theta0;
  }

  /** {@link #fit(float[], int, int, int[], int, LogRegOptions, double[])} for rows given as arrays. */
  public static LogRegModel fit(float[][] x, int[] y, int numClasses, LogRegOptions opts, double[] warmStart) {
    if (x.length == 0) {
      throw new VistaException("LogisticRegression: X has no rows");
    }
    int d = x[0].length;
    return fit(flatten(x, d), x.length, d, y, numClasses, opts, warmStart);
  }

  static float[] flatten(float[][] rows, int d) {
    float[] flat = new float[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new VistaException("row " + i + " has " + rows[i].length + " features, expected " + d);
      }
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return flat;
  }
}
