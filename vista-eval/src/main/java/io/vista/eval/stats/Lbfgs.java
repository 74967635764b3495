package io.vista.eval.stats;

import io.vista.core.VistaException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Unconstrained limited-memory BFGS that follows scipy 1.10's {@code minimize(method="L-BFGS-B")} (L-BFGS-B 3.0,
 * Byrd, Lu, Nocedal and Zhu 1995; Morales and Nocedal 2011) step for step when no bounds are given, so that a
 * logistic regression stops where scikit-learn's stops:
 *
 * <ul>
 *   <li>direction {@code -H g} with the last {@code m} pairs and {@code H0 = (s'y / y'y) I} (the two-loop recursion
 *       of Nocedal 1980, algebraically the compact L-BFGS-B matrix without bounds); {@code -g} while the memory
 *       is empty;
 *   <li>the Moré-Thuente line search with ftol=1e-3, gtol=0.9, xtol=0.1, first trial step {@code 1/||d||} on the
 *       first iteration and 1 afterwards, at most {@code maxLineSearch} evaluations;
 *   <li>a pair is skipped when {@code s'y <= eps * (-g's)};
 *   <li>a failed line search restores the previous point and restarts from an empty memory, or ends the run if
 *       the memory was already empty ("ABNORMAL_TERMINATION_IN_LNSRCH");
 *   <li>after each iteration, in this order: iteration limit, evaluation limit, {@code max|g_i| <= gtol},
 *       {@code (f_old - f) <= ftol * max(|f_old|, |f|, 1)}.
 * </ul>
 */
public final class Lbfgs {
  private static final double EPS = Math.ulp(1.0);
  private static final double BIG_STEP = 1e10;

  /** How a run ended. */
  public enum StopReason {
    /** {@code max|g_i| <= gtol}. */
    GRADIENT_TOLERANCE("CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL", true),
    /** Relative reduction of f below {@code ftol}. */
    RELATIVE_REDUCTION("CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH", true),
    /** {@code maxIterations} reached. */
    MAX_ITERATIONS("STOP: TOTAL NO. of ITERATIONS REACHED LIMIT", false),
    /** More than {@code maxEvaluations} function evaluations. */
    MAX_EVALUATIONS("STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT", false),
    /** The line search failed with an empty memory. */
    LINE_SEARCH_FAILED("ABNORMAL_TERMINATION_IN_LNSRCH", false);

    private final String scipyMessage;
    private final boolean converged;

    StopReason(String scipyMessage, boolean converged) {
      this.scipyMessage = scipyMessage;
      this.converged = converged;
    }

    /** The message scipy reports for the same stop. */
    public String scipyMessage() {
      return scipyMessage;
    }

    /** Whether scipy reports success (status 0). */
    public boolean converged() {
      return converged;
    }
  }

  /**
   * Settings; the defaults are scipy's.
   *
   * @param memory number of correction pairs kept ({@code maxcor}, 10)
   * @param maxIterations iteration limit ({@code maxiter})
   * @param maxEvaluations evaluation limit ({@code maxfun}, 15000)
   * @param gtol stop when the largest gradient component is at most this ({@code gtol}/{@code pgtol})
   * @param ftol stop on a relative reduction at most this ({@code ftol}, 2.220446049250313e-09 = 1e7 * eps)
   * @param maxLineSearch evaluations allowed per line search ({@code maxls}, 20)
   */
  public record Options(int memory, int maxIterations, int maxEvaluations, double gtol, double ftol, int maxLineSearch) {
    /** scipy's {@code ftol} default, {@code factr=1e7} times machine epsilon. */
    public static final double SCIPY_FTOL = 2.2204460492503131e-09;

    /** Validates. */
    public Options {
      if (memory < 1 || maxIterations < 1 || maxEvaluations < 1 || maxLineSearch < 1) {
        throw new VistaException("L-BFGS options memory=" + memory + ", maxIterations=" + maxIterations
            + ", maxEvaluations=" + maxEvaluations + ", maxLineSearch=" + maxLineSearch + " must all be positive");
      }
      if (!(gtol >= 0) || !(ftol >= 0)) {
        throw new VistaException("L-BFGS tolerances gtol=" + gtol + ", ftol=" + ftol + " must be non-negative");
      }
    }

    /** scipy's defaults with the given iteration limit and gradient tolerance. */
    public static Options scipy(int maxIterations, double gtol) {
      return new Options(10, maxIterations, 15000, gtol, SCIPY_FTOL, 20);
    }
  }

  /**
   * Outcome of a run.
   *
   * @param x final point
   * @param value objective at {@code x}
   * @param gradientMaxNorm {@code max|g_i|} at {@code x}
   * @param iterations completed iterations (scipy's {@code nit})
   * @param evaluations function evaluations (scipy's {@code nfev})
   * @param stopReason why it stopped
   */
  public record Result(
      double[] x, double value, double gradientMaxNorm, int iterations, int evaluations, StopReason stopReason) {}

  private Lbfgs() {}

  /** Minimises {@code fn} from {@code x0} (not modified). */
  public static Result minimize(DifferentiableFunction fn, double[] x0, Options opts) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double f = fn.valueAndGradient(x, g);
    int evaluations = 1;
    checkFinite(f, "initial objective");
    double gnorm = maxAbs(g);
    if (gnorm <= opts.gtol()) {
      return new Result(x, f, gnorm, 0, evaluations, StopReason.GRADIENT_TOLERANCE);
    }

    Deque<double[]> sList = new ArrayDeque<>();
    Deque<double[]> yList = new ArrayDeque<>();
    Deque<Double> syList = new ArrayDeque<>();
    double theta = 1.0;
    int iterations = 0;
    double[] d = new double[n];
    double[] xOld = new double[n];
    double[] gOld = new double[n];
    double[] gTrial = new double[n];
    MoreThuenteLineSearch search = new MoreThuenteLineSearch(1e-3, 0.9, 0.1, 0.0, BIG_STEP);

    while (true) {
      direction(g, sList, yList, syList, theta, d);
      System.arraycopy(x, 0, xOld, 0, n);
      System.arraycopy(g, 0, gOld, 0, n);
      double fOld = f;
      double stp = iterations == 0 ? Math.min(1.0 / Math.sqrt(dot(d, d)), BIG_STEP) : 1.0;
      double gdOld = dot(g, d);
      boolean failed;
      double gd = gdOld;
      if (gdOld >= 0) {
        failed = true; // not a descent direction (L-BFGS-B's info = -4)
      } else {
        MoreThuenteLineSearch.Task task = search.start(f, gdOld, stp);
        int lineEvaluations = 0;
        failed = task == MoreThuenteLineSearch.Task.ERROR;
        while (task == MoreThuenteLineSearch.Task.EVALUATE) {
          if (lineEvaluations >= opts.maxLineSearch()) {
            failed = true;
            break;
          }
          stp = search.step();
          for (int i = 0; i < n; i++) {
            x[i] = stp * d[i] + xOld[i];
          }
          double fTrial = fn.valueAndGradient(x, gTrial);
          evaluations++;
          lineEvaluations++;
          checkFinite(fTrial, "objective during the line search");
          f = fTrial;
          System.arraycopy(gTrial, 0, g, 0, n);
          gd = dot(g, d);
          task = search.iterate(f, gd);
          failed = task == MoreThuenteLineSearch.Task.ERROR;
        }
      }
      if (failed) {
        System.arraycopy(xOld, 0, x, 0, n);
        System.arraycopy(gOld, 0, g, 0, n);
        f = fOld;
        if (sList.isEmpty()) {
          return new Result(x, f, maxAbs(g), iterations, evaluations, StopReason.LINE_SEARCH_FAILED);
        }
        sList.clear();
        yList.clear();
        syList.clear();
        theta = 1.0;
        continue;
      }

      iterations++;
      gnorm = maxAbs(g);
      if (iterations >= opts.maxIterations()) {
        return new Result(x, f, gnorm, iterations, evaluations, StopReason.MAX_ITERATIONS);
      }
      if (evaluations > opts.maxEvaluations()) {
        return new Result(x, f, gnorm, iterations, evaluations, StopReason.MAX_EVALUATIONS);
      }
      if (gnorm <= opts.gtol()) {
        return new Result(x, f, gnorm, iterations, evaluations, StopReason.GRADIENT_TOLERANCE);
      }
      if (fOld - f <= opts.ftol() * Math.max(Math.max(Math.abs(fOld), Math.abs(f)), 1.0)) {
        return new Result(x, f, gnorm, iterations, evaluations, StopReason.RELATIVE_REDUCTION);
      }

      // Correction pair s = stp*d, y = g - gOld, with s'y and the skip test computed as L-BFGS-B does.
      double[] y = new double[n];
      double yy = 0;
      for (int i = 0; i < n; i++) {
        y[i] = g[i] - gOld[i];
        yy += y[i] * y[i];
      }
      double sy;
      double descent;
      double[] s = new double[n];
      if (stp == 1.0) {
        sy = gd - gdOld;
        descent = -gdOld;
        System.arraycopy(d, 0, s, 0, n);
      } else {
        sy = (gd - gdOld) * stp;
        descent = -gdOld * stp;
        for (int i = 0; i < n; i++) {
          s[i] = stp * d[i];
        }
      }
      if (sy <= EPS * descent) {
        continue; // curvature too small: keep the old memory
      }
      if (sList.size() == opts.memory()) {
        sList.removeFirst();
        yList.removeFirst();
        syList.removeFirst();
      }
      sList.addLast(s);
      yList.addLast(y);
      syList.addLast(sy);
      theta = yy / sy;
    }
  }

  /** Two-loop recursion: {@code d = -H g}, oldest pair first in the deques. */
  private static void direction(
      double[] g, Deque<double[]> sList, Deque<double[]> yList, Deque<Double> syList, double theta, double[] d) {
    int n = g.length;
    int k = sList.size();
    if (k == 0) {
      for (int i = 0; i < n; i++) {
        d[i] = -g[i];
      }
      return;
    }
    double[][] s = sList.toArray(new double[0][]);
    double[][] y = yList.toArray(new double[0][]);
    Double[] sy = syList.toArray(new Double[0]);
    double[] alpha = new double[k];
    double[] q = g.clone();
    for (int j = k - 1; j >= 0; j--) {
      alpha[j] = dot(s[j], q) / sy[j];
      axpy(-alpha[j], y[j], q);
    }
    for (int i = 0; i < n; i++) {
      q[i] /= theta;
    }
    for (int j = 0; j < k; j++) {
      double beta = dot(y[j], q) / sy[j];
      axpy(alpha[j] - beta, s[j], q);
    }
    for (int i = 0; i < n; i++) {
      d[i] = -q[i];
    }
  }

  private static void checkFinite(double f, String what) {
    if (!Double.isFinite(f)) {
      throw new VistaException("L-BFGS: " + what + " is " + f);
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] g) {
    double m = 0;
    for (double v : g) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
