package io.vista.bench;

import io.vista.eval.stats.LogRegModel;
import io.vista.eval.stats.LogRegOptions;
import io.vista.eval.stats.LogisticRegression;
import io.vista.eval.stats.StratifiedSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The logistic-regression workload of the default ablation (Python {@code
 * ablation_study_from_acts}, {@code ablation_ks = [10, 20, 50, 100]}): per attribute (age 9
 * classes, gender 2, race 7) a stratified 80/20 split, a baseline probe on all features, and per k a
 * probe without the k features of highest class-mean variance and one with only them -- 3 x (1 + 4 x
 * 2) = 27 fits of {@link LogisticRegression} with {@link LogRegOptions#evaluationProbe()}.
 *
 * <p>The data stand in for mean-pooled SAE activations: non-negative and sparse (each feature is
 * non-zero in a sample with a probability log-uniform in [0.005, 0.15], about 4% of entries), with
 * heavy-tailed magnitudes, and 8 features per class of each attribute that fire 4x as often and 1.5x
 * as strongly in samples of that class, so the probes have something to find.
 */
final class LogRegAblationBench {
  /** The ablation's k values (Python default {@code ablation_ks}). */
  static final int[] KS = {10, 20, 50, 100};

  static final String[] ATTRIBUTES = {"age", "gender", "race"};
  static final double[][] PRIORS = {
    {0.02, 0.12, 0.11, 0.30, 0.22, 0.12, 0.07, 0.03, 0.01},
    {0.47, 0.53},
    {0.19, 0.14, 0.15, 0.14, 0.12, 0.14, 0.12},
  };

  /** One fit. */
  record Fit(String attribute, String kind, int k, double seconds, int iterations, boolean converged,
      double testAccuracy) {}

  /** All fits of the ablation. */
  record Result(int samples, int features, double density, double totalSeconds, double meanSecondsPerFit,
      List<Fit> fits) {}

  private LogRegAblationBench() {}

  /** The synthetic ablation data: {@code x} [n, p] row-major, one label vector per attribute. */
  record Data(int n, int p, float[] x, int[][] labels) {}

  /** The data {@link #run} fits, from {@code seed} alone. */
  static Data data(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] labels = new int[ATTRIBUTES.length][n];
    for (int a = 0; a < ATTRIBUTES.length; a++) {
      for (int i = 0; i < n; i++) {
        labels[a][i] = categorical(rng, PRIORS[a]);
      }
    }
    return new Data(n, p, features(rng, labels, n, p), labels);
  }

  static Result run(int n, int p, long seed, java.io.PrintStream log) {
    Data data = data(n, p, seed);
    int[][] labels = data.labels();
    float[] x = data.x();
    long nonZero = 0;
    for (float v : x) {
      nonZero += v != 0 ? 1 : 0;
    }
    double density = nonZero / (double) x.length;
    log.printf("logreg: %d samples x %d features, %.1f%% non-zero; 27 fits%n", n, p, 100 * density);

    LogRegOptions opts = LogRegOptions.evaluationProbe();
    List<Fit> fits = new ArrayList<>();
    double total = 0;
    for (int a = 0; a < ATTRIBUTES.length; a++) {
      int[] y = labels[a];
      StratifiedSplit.Split split = StratifiedSplit.trainTestSplit(y, 0.2, 42);
      int[] tr = split.train();
      int[] te = split.test();
      float[] xTrain = StratifiedSplit.selectRows(x, p, tr);
      float[] xTest = StratifiedSplit.selectRows(x, p, te);
      int[] yTrain = StratifiedSplit.select(y, tr);
      int[] yTest = StratifiedSplit.select(y, te);
      int classes = PRIORS[a].length;
      int[] ranked = rankByClassMeanVariance(xTrain, yTrain, tr.length, p, classes);
      fits.add(fit(ATTRIBUTES[a], "baseline", 0, xTrain, yTrain, xTest, yTest, p, classes, opts));
      for (int k : KS) {
        boolean[] top = new boolean[p];
        for (int j = 0; j < Math.min(k, p); j++) { // all features when k exceeds them
          top[ranked[j]] = true;
        }
        fits.add(fit(ATTRIBUTES[a], "without_top_k", k, mask(xTrain, p, top, false), yTrain,
            mask(xTest, p, top, false), yTest, p, classes, opts));
        fits.add(fit(ATTRIBUTES[a], "only_top_k", k, mask(xTrain, p, top, true), yTrain,
            mask(xTest, p, top, true), yTest, p, classes, opts));
      }
      for (Fit f : fits.subList(fits.size() - 1 - 2 * KS.length, fits.size())) {
        total += f.seconds();
      }
      log.printf("logreg: %s done, %.1f s so far%n", ATTRIBUTES[a], total);
    }
    return new Result(n, p, density, total, total / fits.size(), fits);
  }

  private static Fit fit(String attribute, String kind, int k, float[] xTrain, int[] yTrain, float[] xTest,
      int[] yTest, int p, int classes, LogRegOptions opts) {
    long t0 = System.nanoTime();
    LogRegModel model = LogisticRegression.fit(xTrain, yTrain.length, p, yTrain, classes, opts, null);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int[] pred = model.predict(xTest, yTest.length);
    int hits = 0;
    for (int i = 0; i < pred.length; i++) {
      hits += pred[i] == yTest[i] ? 1 : 0;
    }
    return new Fit(attribute, kind, k, seconds, model.iterations(), model.converged(), hits / (double) pred.length);
  }

  /** Sparse, non-negative, heavy-tailed features; 8 features per class fire more for that class. */
  private static float[] features(SplittableRandom rng, int[][] labels, int n, int p) {
    double[] rate = new double[p];
    double[] scale = new double[p];
    for (int f = 0; f < p; f++) {
      rate[f] = Math.exp(Math.log(0.005) + rng.nextDouble() * (Math.log(0.15) - Math.log(0.005)));
      scale[f] = Math.exp(0.5 * rng.nextGaussian());
    }
    // feature -> (attribute, class) it responds to, or -1.
    int[] attr = new int[p];
    int[] cls = new int[p];
    Arrays.fill(attr, -1);
    int[] perm = permutation(rng, p);
    int next = 0;
    for (int a = 0; a < ATTRIBUTES.length; a++) {
      for (int c = 0; c < PRIORS[a].length; c++) {
        for (int j = 0; j < 8 && next < p; j++) {
          attr[perm[next]] = a;
          cls[perm[next]] = c;
          next++;
        }
      }
    }
    float[] x = new float[n * p];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < p; f++) {
        boolean boosted = attr[f] >= 0 && labels[attr[f]][i] == cls[f];
        double r = boosted ? Math.min(0.9, 4 * rate[f]) : rate[f];
        if (rng.nextDouble() < r) {
          double e = -Math.log(1 - rng.nextDouble());
          x[i * p + f] = (float) (scale[f] * (boosted ? 1.5 : 1.0) * e);
        }
      }
    }
    return x;
  }

  /** Features by descending variance of the per-class training means (as the Python ranks them). */
  static int[] rankByClassMeanVariance(float[] x, int[] y, int n, int p, int classes) {
    double[][] sums = new double[classes][p];
    int[] counts = new int[classes];
    for (int i = 0; i < n; i++) {
      counts[y[i]]++;
      for (int f = 0; f < p; f++) {
        sums[y[i]][f] += x[i * p + f];
      }
    }
    double[] variance = new double[p];
    int present = 0;
    for (int c = 0; c < classes; c++) {
      present += counts[c] > 0 ? 1 : 0;
    }
    for (int f = 0; f < p; f++) {
      double mean = 0;
      for (int c = 0; c < classes; c++) {
        if (counts[c] > 0) {
          mean += sums[c][f] / counts[c];
        }
      }
      mean /= present;
      double v = 0;
      for (int c = 0; c < classes; c++) {
        if (counts[c] > 0) {
          double d = sums[c][f] / counts[c] - mean;
          v += d * d;
        }
      }
      variance[f] = v / present;
    }
    Integer[] idx = new Integer[p];
    for (int f = 0; f < p; f++) {
      idx[f] = f;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(variance[b], variance[a]));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  private static float[] mask(float[] x, int p, boolean[] top, boolean keepTop) {
    float[] out = x.clone();
    for (int i = 0; i < out.length; i++) {
      if (top[i % p] != keepTop) {
        out[i] = 0;
      }
    }
    return out;
  }

  private static int categorical(SplittableRandom rng, double[] prior) {
    double u = rng.nextDouble();
    double c = 0;
    for (int i = 0; i < prior.length; i++) {
      c += prior[i];
      if (u < c) {
        return i;
      }
    }
    return prior.length - 1;
  }

  private static int[] permutation(SplittableRandom rng, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
