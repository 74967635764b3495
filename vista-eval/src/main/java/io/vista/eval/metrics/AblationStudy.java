package io.vista.eval.metrics;

import io.vista.core.VistaException;
import io.vista.core.classification.ClassificationMetrics;
import io.vista.eval.stats.LogRegModel;
import io.vista.eval.stats.LogRegOptions;
import io.vista.eval.stats.StratifiedSplit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * evaluation.py's {@code ablation_study_from_acts}: per attribute, a stratified 80/20 split
 * ({@code train_test_split(test_size=0.2, random_state=42, stratify=labels)}), features ranked by the variance
 * across classes of their TRAINING-split class means, a baseline probe on every feature, then for each k a probe
 * without the top-k features (necessity) and one with only them (sufficiency), all
 * {@code LogisticRegression(max_iter=1000, solver="lbfgs", C=0.1)} scored by test accuracy.
 *
 * <p><b>Zeroed columns are dropped.</b> The Python zeroes the ablated columns and fits on all m. A zero column's
 * coefficient has gradient {@code w / C} alone, which is 0 at the zero start and stays 0 along L-BFGS's
 * directions (combinations of gradients and past steps, all 0 in that coordinate), and it adds nothing to any
 * score; so the fit on the remaining columns is the same problem, with the same optimum, reached along the same
 * path up to floating-point rounding (the kept columns stay in ascending order; the probe may pick a dense or
 * sparse layout by the density of what is kept). This cuts the "only top-k" fits from m to k columns.
 *
 * <p><b>Warm start (optional).</b> The probe's objective, {@code sum_i loss_i + ||W||^2 / (2C)}, is strictly
 * convex in the coefficients and, for the multinomial loss, in the intercepts on the subspace L-BFGS moves in
 * from zeros (their sum stays 0: the gradient has zero sum across classes). It therefore has one optimum, and
 * any start reaches it up to the solver's tolerance ({@code tol=1e-4} on the gradient, so the coefficients are
 * within {@code tol * C} of it). With {@code warmStart}, the ablation fits start from the baseline's
 * coefficients restricted to the kept columns. Predictions agree with cold starts except for test rows whose
 * margin is within that tolerance; it is off by default (cold start, exactly the Python's path).
 */
public final class AblationStudy {
  /** evaluation.py's test fraction. */
  public static final double TEST_SIZE = 0.2;
  /** evaluation.py's {@code random_state}. */
  public static final long RANDOM_STATE = 42;

  private AblationStudy() {}

  /**
   * Every attribute, in the order of {@code labels}.
   *
   * @param acts per-sample SAE features {@code [N, m]}
   * @param labels attribute name to one label per sample
   * @param ks the k values, each at least 1 (k above m means every feature)
   * @param opts probe settings ({@link LogRegOptions#evaluationProbe()} for evaluation.py's)
   * @param warmStart start the ablation fits from the baseline (see the class comment)
   * @param log receives one line per fit, as evaluation.py logs
   */
  public static Map<String, AttributeAblation> run(
      FeatureMatrix acts, Map<String, long[]> labels, int[] ks, LogRegOptions opts, boolean warmStart,
      Consumer<String> log) {
    Map<String, AttributeAblation> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : labels.entrySet()) {
      out.put(e.getKey(), forAttribute(e.getKey(), acts, e.getValue(), ks, opts, warmStart, log));
    }
    return out;
  }

  /** One attribute. */
  public static AttributeAblation forAttribute(
      String name, FeatureMatrix acts, long[] labels, int[] ks, LogRegOptions opts, boolean warmStart,
      Consumer<String> log) {
    for (int k : ks) {
      if (k < 1) {
        throw new VistaException("ablation k = " + k + " must be >= 1");
      }
    }
    int n = Math.min(acts.rows(), labels.length);
    long[] labs = Arrays.copyOf(labels, n);
    StratifiedSplit.Split split;
    try {
      split = StratifiedSplit.trainTestSplit(labs, TEST_SIZE, RANDOM_STATE);
    } catch (VistaException ex) {
      throw new VistaException("attribute '" + name + "': " + ex.getMessage(), ex);
    }
    int[] train = split.train();
    int[] test = split.test();
    int m = acts.cols();
    long[] yTrain = pick(labs, train);
    long[] yTest = pick(labs, test);
    long[] classes = ClassStatistics.uniqueClasses(labs, ClassStatistics.firstRows(n));
    long[] trainClasses = ClassStatistics.uniqueClasses(labs, train);
    float[] variance = ClassStatistics.varianceAcrossClasses(
        ClassStatistics.classMeans(acts, labs, train, trainClasses));
    int[] ranked = ClassStatistics.argsortDescending(variance);

    log.accept("[" + name + "] Fitting baseline probe (" + trainClasses.length + " classes) ...");
    Probe baseline = Probe.fit(acts.gatherRows(train), train.length, m, yTrain, classes, opts, null);
    long[] baselinePred = baseline.predict(acts.gatherRows(test), test.length);
    double baselineAcc = accuracy(yTest, baselinePred);
    log.accept(String.format("[%s] Baseline accuracy = %.4f", name, baselineAcc));

    Map<Integer, AttributeAblation.KAblation> ablations = new LinkedHashMap<>();
    for (int k : ks) {
      if (ablations.containsKey(k)) {
        continue; // the Python recomputes the same fits and overwrites the entry in place
      }
      boolean[] top = new boolean[m];
      for (int i = 0; i < Math.min(k, m); i++) {
        top[ranked[i]] = true;
      }
      int[] rest = columns(top, false);
      int[] kept = columns(top, true);
      log.accept("[" + name + "] k=" + k + ": fitting without-top-k probe ...");
      double without = fitAndScore(acts, train, test, rest, yTrain, yTest, classes, opts,
          warmStart ? warm(baseline.model(), rest) : null);
      log.accept("[" + name + "] k=" + k + ": fitting only-top-k probe ...");
      double only = fitAndScore(acts, train, test, kept, yTrain, yTest, classes, opts,
          warmStart ? warm(baseline.model(), kept) : null);
      log.accept(String.format("[%s] k=%d: without=%.4f, only=%.4f, drop=%.4f",
          name, k, without, only, baselineAcc - without));
      ablations.put(k, new AttributeAblation.KAblation(without, only));
    }
    return new AttributeAblation(baselineAcc, ablations, split, baselinePred);
  }

  private static double fitAndScore(
      FeatureMatrix acts, int[] train, int[] test, int[] cols, long[] yTrain, long[] yTest, long[] classes,
      LogRegOptions opts, double[] warmStart) {
    if (cols.length == 0) {
      // Every feature ablated: the Python fits on an all-zero matrix; one zero column is the same problem.
      Probe p = Probe.fit(new float[train.length], train.length, 1, yTrain, classes, opts, null);
      return accuracy(yTest, p.predict(new float[test.length], test.length));
    }
    Probe p = Probe.fit(acts.gather(train, cols), train.length, cols.length, yTrain, classes, opts, warmStart);
    return accuracy(yTest, p.predict(acts.gather(test, cols), test.length));
  }

  /** The baseline's coefficients on {@code cols}, then its intercepts. */
  static double[] warm(LogRegModel base, int[] cols) {
    if (cols.length == 0) {
      return null;
    }
    double[][] coef = base.coef();
    double[] intercept = base.intercept();
    double[] w = new double[coef.length * (cols.length + 1)];
    for (int r = 0; r < coef.length; r++) {
      for (int j = 0; j < cols.length; j++) {
        w[r * cols.length + j] = coef[r][cols[j]];
      }
    }
    System.arraycopy(intercept, 0, w, coef.length * cols.length, intercept.length);
    return w;
  }

  private static int[] columns(boolean[] top, boolean wanted) {
    int count = 0;
    for (boolean t : top) {
      if (t == wanted) {
        count++;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int j = 0; j < top.length; j++) {
      if (top[j] == wanted) {
        out[k++] = j;
      }
    }
    return out;
  }

  static long[] pick(long[] values, int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  /** {@code accuracy_score}. */
  static double accuracy(long[] yTrue, long[] yPred) {
    return ClassificationMetrics.accuracy(toInts(yTrue), toInts(yPred));
  }

  static int[] toInts(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }
}
