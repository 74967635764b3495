package io.vista.eval.stats;

import io.vista.core.VistaException;

/**
 * A fitted {@link LogisticRegression}: scikit-learn's {@code classes_}, {@code coef_}, {@code intercept_},
 * {@code n_iter_}, plus how the optimiser stopped and the objective value there.
 *
 * <p>{@code coef} has one row for a binary fit (the positive class is {@code classes[1]}) and one row per class
 * otherwise. Arrays are returned as copies.
 */
public final class LogRegModel {
  private final int[] classes;
  private final double[][] coef;
  private final double[] intercept;
  private final int iterations;
  private final Lbfgs.StopReason stopReason;
  private final double loss;

  LogRegModel(
      int[] classes, double[][] coef, double[] intercept, int iterations, Lbfgs.StopReason stopReason, double loss) {
    this.classes = classes.clone();
    this.coef = new double[coef.length][];
    for (int r = 0; r < coef.length; r++) {
      this.coef[r] = coef[r].clone();
    }
    this.intercept = intercept.clone();
    this.iterations = iterations;
    this.stopReason = stopReason;
    this.loss = loss;
  }

  /** The labels seen in training, ascending ({@code classes_}). */
  public int[] classes() {
    return classes.clone();
  }

  /** Number of features. */
  public int numFeatures() {
    return coef[0].length;
  }

  /** {@code coef_}: {@code [1][d]} for a binary fit, {@code [numClasses][d]} otherwise. */
  public double[][] coef() {
    double[][] out = new double[coef.length][];
    for (int r = 0; r < coef.length; r++) {
      out[r] = coef[r].clone();
    }
    return out;
  }

  /** {@code intercept_}. */
  public double[] intercept() {
    return intercept.clone();
  }

  /** {@code n_iter_}: L-BFGS iterations, capped at max_iter. */
  public int iterations() {
    return iterations;
  }

  /** Whether the optimiser met a tolerance (scikit-learn warns with a ConvergenceWarning otherwise). */
  public boolean converged() {
    return stopReason.converged();
  }

  /** Why the optimiser stopped. */
  public Lbfgs.StopReason stopReason() {
    return stopReason;
  }

  /** The objective {@code sum_i loss_i + 0.5/C ||W||^2} at the returned coefficients. */
  public double loss() {
    return loss;
  }

  /**
   * Parameters in the warm-start layout of {@link LogisticRegression#fit}: {@code coef} rows, then the
   * intercepts.
   */
  public double[] parameters() {
    int d = numFeatures();
    double[] out = new double[coef.length * (d + 1)];
    for (int r = 0; r < coef.length; r++) {
      System.arraycopy(coef[r], 0, out, r * d, d);
    }
    System.arraycopy(intercept, 0, out, coef.length * d, intercept.length);
    return out;
  }

  /**
   * {@code decision_function}: {@code X coef^T + intercept}, in double precision.
   *
   * @param x row-major {@code [n][d]}
   * @return {@code [n][rows of coef]}
   */
  public double[][] decisionFunction(float[] x, int n) {
    int d = numFeatures();
    if ((long) n * d != x.length) {
      throw new VistaException("decision_function: X has " + x.length + " values, expected n*d = " + n + "*" + d);
    }
    double[][] scores = new double[n][coef.length];
    for (int i = 0; i < n; i++) {
      int base = i * d;
      for (int r = 0; r < coef.length; r++) {
        double[] w = coef[r];
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += x[base + j] * w[j];
        }
        scores[i][r] = s + intercept[r];
      }
    }
    return scores;
  }

  /**
   * {@code predict}: for a binary fit {@code classes[1]} where the score is positive, else {@code classes[0]};
   * otherwise the class of the largest score (the first on ties, as numpy's argmax).
   */
  public int[] predict(float[] x, int n) {
    double[][] scores = decisionFunction(x, n);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (coef.length == 1) {
        out[i] = scores[i][0] > 0 ? classes[1] : classes[0];
      } else {
        int best = 0;
        for (int r = 1; r < scores[i].length; r++) {
          if (scores[i][r] > scores[i][best]) {
            best = r;
          }
        }
        out[i] = classes[best];
      }
    }
    return out;
  }

  /** {@link #predict(float[], int)} for rows given as arrays. */
  public int[] predict(float[][] rows) {
    return predict(LogisticRegression.flatten(rows, numFeatures()), rows.length);
  }
}
