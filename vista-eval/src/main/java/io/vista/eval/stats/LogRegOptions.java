package io.vista.eval.stats;

import io.vista.core.VistaException;

/**
 * Settings of {@link LogisticRegression}, named after scikit-learn 1.2.1's {@code LogisticRegression(...)}
 * arguments (solver fixed to lbfgs, penalty l2, fit_intercept true).
 *
 * @param c inverse regularisation strength {@code C} (objective {@code sum_i loss_i + 0.5/C ||W||^2})
 * @param maxIter {@code max_iter}
 * @param tol {@code tol}, the L-BFGS gradient tolerance on that objective
 * @param multiClass {@code multi_class}: AUTO is binary for two classes, multinomial otherwise
 * @param float32 evaluate the two products with X in float32 (faster; scikit-learn's lbfgs uses float64)
 * @param layout how X is held in TensorFlow: dense, sparse (coordinate list), or AUTO (sparse when at most a
 *     quarter of the entries are non-zero, as for SAE codes); only the summation order differs
 */
public record LogRegOptions(
    double c, int maxIter, double tol, MultiClass multiClass, boolean float32, Layout layout) {
  /** scikit-learn's {@code multi_class} choices supported here. */
  public enum MultiClass {
    /** {@code "auto"}: one binomial coefficient vector for two classes, multinomial for more. */
    AUTO,
    /** {@code "multinomial"}: softmax over all classes, also for two. */
    MULTINOMIAL
  }

  /** How X is stored for the products {@code X W} and {@code X^T R}. */
  public enum Layout {
    /** Sparse when at most a quarter of the entries are non-zero, dense otherwise. */
    AUTO,
    /** A dense {@code [n, d]} matrix. */
    DENSE,
    /** Coordinates and values of the non-zero entries. */
    SPARSE
  }

  /** Validates. */
  public LogRegOptions {
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new VistaException("LogisticRegression C=" + c + " must be positive and finite");
    }
    if (maxIter < 1) {
      throw new VistaException("LogisticRegression max_iter=" + maxIter + " must be positive");
    }
    if (!(tol >= 0)) {
      throw new VistaException("LogisticRegression tol=" + tol + " must be non-negative");
    }
    if (multiClass == null || layout == null) {
      throw new VistaException("LogisticRegression multi_class and layout must not be null");
    }
  }

  /** scikit-learn's defaults: {@code C=1.0, max_iter=100, tol=1e-4, multi_class="auto"}, float64. */
  public static LogRegOptions sklearnDefaults() {
    return new LogRegOptions(1.0, 100, 1e-4, MultiClass.AUTO, false, Layout.AUTO);
  }

  /** The probes of VISTA's evaluation.py: {@code LogisticRegression(max_iter=1000, solver="lbfgs", C=0.1)}. */
  public static LogRegOptions evaluationProbe() {
    return new LogRegOptions(0.1, 1000, 1e-4, MultiClass.AUTO, false, Layout.AUTO);
  }

  /** A copy with another {@code C}. */
  public LogRegOptions withC(double newC) {
    return new LogRegOptions(newC, maxIter, tol, multiClass, float32, layout);
  }

  /** A copy with another {@code max_iter}. */
  public LogRegOptions withMaxIter(int newMaxIter) {
    return new LogRegOptions(c, newMaxIter, tol, multiClass, float32, layout);
  }

  /** A copy with float32 products switched on or off. */
  public LogRegOptions withFloat32(boolean on) {
    return new LogRegOptions(c, maxIter, tol, multiClass, on, layout);
  }

  /** A copy with another storage layout. */
  public LogRegOptions withLayout(Layout newLayout) {
    return new LogRegOptions(c, maxIter, tol, multiClass, float32, newLayout);
  }

  /** A copy with another {@code multi_class}. */
  public LogRegOptions withMultiClass(MultiClass newMultiClass) {
    return new LogRegOptions(c, maxIter, tol, newMultiClass, float32, layout);
  }
}
