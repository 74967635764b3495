package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * VISTA's three-stage SDF (sparse dictionary feature) filter and alignment rate, as
 * {@code run_sdf_pipeline} and {@code compute_alignment_rate} in {@code src/analysis.py}:
 *
 * <ol>
 *   <li>per class, the k1 features that fire (activation &gt; 0) in the largest fraction of the
 *       class's samples;
 *   <li>of those, the k2 with the largest mean activation within the class;
 *   <li>of those, the k3 whose top-k activating samples (over all classes) have the lowest
 *       activation-weighted label entropy.
 * </ol>
 *
 * Rankings use numpy 1.24's argsort/argpartition orderings ({@link NumpyOrder}), so tied
 * features are cut exactly where VISTA cuts them; the stage-2 mean is numpy's float32 mean
 * (pairwise summation per feature), so near-equal means order as in VISTA. One deliberate
 * difference: with at most k_top samples VISTA's {@code np.argpartition} raises, here all samples
 * are taken.
 */
public final class SdfPipeline {
  /** The {@code eps} of VISTA's {@code compute_entropy}. */
  static final double ENTROPY_EPS = 1e-9;

  private SdfPipeline() {}

  /** Runs the three stages for every class present in {@code labels}. */
  public static SdfResult run(ActivationRows acts, int[] labels, SdfParams params) {
    checkLabels(acts, labels);
    int m = acts.m();
    int[] classes = sortedUnique(labels);
    int[][] classRows = rowsByClass(labels, classes);
    int[][] fired = activationCounts(acts, labels, classes);
    TopActivations top = new TopActivations(acts, labels, params.kTop());

    // Stages 1 and 2 for every class first, so that stage 3's top-k of all candidates can be
    // gathered in a few passes over the rows.
    double[][] freqs = new double[classes.length][];
    int[][] s1s = new int[classes.length][];
    float[][] means = new float[classes.length][];
    int[][] order2s = new int[classes.length][];
    java.util.TreeSet<Integer> candidates = new java.util.TreeSet<>();
    for (int ci = 0; ci < classes.length; ci++) {
      int nc = classRows[ci].length;
      // Stage 1: activation frequency within the class.
      double[] freq = new double[m];
      for (int j = 0; j < m; j++) {
        freq[j] = (double) fired[ci][j] / nc;
      }
      int[] s1 = topDescending(NumpyOrder.argsort(freq), params.k1());
      // Stage 2: float32 mean activation within the class over the stage-1 candidates.
      float[] meanAct = classMeans(acts, classRows[ci], s1);
      int[] order2 = topDescending(NumpyOrder.argsort(meanAct), params.k2());
      for (int q : order2) {
        candidates.add(s1[q]);
      }
      freqs[ci] = freq;
      s1s[ci] = s1;
      means[ci] = meanAct;
      order2s[ci] = order2;
    }
    top.prefetch(candidates.stream().mapToInt(Integer::intValue).toArray());

    SortedMap<Integer, SdfClassResult> out = new TreeMap<>();
    for (int ci = 0; ci < classes.length; ci++) {
      int[] s1 = s1s[ci];
      int[] order2 = order2s[ci];
      int[] s2 = new int[order2.length];
      for (int q = 0; q < s2.length; q++) {
        s2[q] = s1[order2[q]];
      }
      // Stage 3: lowest label entropy over the top-k activating samples.
      double[] entropy = new double[s2.length];
      for (int q = 0; q < s2.length; q++) {
        entropy[q] = top.entropy(s2[q]);
      }
      int[] order3 = NumpyOrder.argsort(entropy);
      int k3 = Math.min(params.k3(), s2.length);

      List<Integer> f1 = new ArrayList<>();
      List<Double> sc1 = new ArrayList<>();
      for (int f : s1) {
        f1.add(f);
        sc1.add(freqs[ci][f]);
      }
      List<Integer> f2 = new ArrayList<>();
      List<Double> sc2 = new ArrayList<>();
      for (int q : order2) {
        f2.add(s1[q]);
        sc2.add((double) means[ci][q]);
      }
      List<Integer> f3 = new ArrayList<>();
      List<Double> sc3 = new ArrayList<>();
      for (int q = 0; q < k3; q++) {
        f3.add(s2[order3[q]]);
        sc3.add(entropy[order3[q]]);
      }
      out.put(classes[ci], new SdfClassResult(classes[ci], f1, sc1, f2, sc2, f3, sc3));
    }
    return new SdfResult(params, out);
  }

  /**
   * Alignment rate of each class's SDFs: the fraction of the feature's top-{@code kTop}
   * activating samples whose label is the class.
   */
  public static SortedMap<Integer, ClassAlignment> alignment(
      ActivationRows acts, int[] labels, SdfResult sdfs, int kTop) {
    checkLabels(acts, labels);
    TopActivations top = new TopActivations(acts, labels, kTop);
    top.prefetch(sdfs.union());
    SortedMap<Integer, ClassAlignment> out = new TreeMap<>();
    for (SdfClassResult r : sdfs.classes().values()) {
      int c = r.classId();
      double[] rates = new double[r.sdfs().size()];
      for (int q = 0; q < rates.length; q++) {
        int[] rows = top.rows(r.sdfs().get(q));
        int hits = 0;
        for (int row : rows) {
          if (labels[row] == c) {
            hits++;
          }
        }
        rates[q] = (double) hits / rows.length;
      }
      List<Double> rateList = new ArrayList<>();
      for (double rate : rates) {
        rateList.add(rate);
      }
      double mean = rates.length == 0 ? 0.0 : NumpyOrder.mean(rates, rates.length);
      out.put(c, new ClassAlignment(c, r.sdfs(), rateList, mean));
    }
    return out;
  }

  /**
   * VISTA's {@code compute_entropy} for one feature: the probability of each label is its share
   * of the summed top activations ({@code eps}=1e-9 in the denominator and inside the log);
   * natural log. A feature whose top activations are all zero gets entropy 0.
   *
   * @param topVals top activations in descending order
   * @param topLabels their labels
   */
  public static double labelEntropy(double[] topVals, int[] topLabels) {
    int[] unique = sortedUnique(topLabels);
    double[] summed = new double[unique.length];
    double[] buf = new double[topVals.length];
    for (int u = 0; u < unique.length; u++) {
      int len = 0;
      for (int i = 0; i < topVals.length; i++) {
        if (topLabels[i] == unique[u]) {
          buf[len++] = topVals[i];
        }
      }
      summed[u] = NumpyOrder.sum(buf, len);
    }
    double total = NumpyOrder.sum(summed, summed.length) + ENTROPY_EPS;
    double[] terms = new double[unique.length];
    for (int u = 0; u < unique.length; u++) {
      double p = summed[u] / total;
      terms[u] = p * Math.log(p + ENTROPY_EPS);
    }
    return -NumpyOrder.sum(terms, terms.length);
  }

  /** {@code np.argsort(score)[-k:][::-1]}: the last k of an ascending order, reversed. */
  private static int[] topDescending(int[] ascending, int k) {
    int len = Math.min(k, ascending.length);
    int[] out = new int[len];
    for (int q = 0; q < len; q++) {
      out[q] = ascending[ascending.length - 1 - q];
    }
    return out;
  }

  private static int[][] activationCounts(ActivationRows acts, int[] labels, int[] classes) {
    int m = acts.m();
    Map<Integer, Integer> index = classIndex(classes);
    int[][] fired = new int[classes.length][m];
    float[] data = acts.data();
    for (int i = 0; i < acts.n(); i++) {
      int[] counts = fired[index.get(labels[i])];
      int off = acts.offset(i);
      for (int j = 0; j < m; j++) {
        if (data[off + j] > 0) {
          counts[j]++;
        }
      }
    }
    return fired;
  }

  /**
   * {@code class_acts[:, features].mean(axis=0)}: per feature the float32 pairwise sum over the
   * class's samples (in sample order), divided in float32 by the class size.
   */
  private static float[] classMeans(ActivationRows acts, int[] rows, int[] features) {
    float[][] columns = new float[features.length][rows.length];
    float[] data = acts.data();
    for (int r = 0; r < rows.length; r++) {
      int off = acts.offset(rows[r]);
      for (int q = 0; q < features.length; q++) {
        columns[q][r] = data[off + features[q]];
      }
    }
    float count = rows.length;
    float[] means = new float[features.length];
    for (int q = 0; q < features.length; q++) {
      means[q] = NumpyOrder.sum(columns[q], rows.length) / count;
    }
    return means;
  }

  static int[] sortedUnique(int[] values) {
    return java.util.Arrays.stream(values).sorted().distinct().toArray();
  }

  private static Map<Integer, Integer> classIndex(int[] classes) {
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.length; i++) {
      index.put(classes[i], i);
    }
    return index;
  }

  private static int[][] rowsByClass(int[] labels, int[] classes) {
    Map<Integer, Integer> index = classIndex(classes);
    int[] counts = new int[classes.length];
    for (int label : labels) {
      counts[index.get(label)]++;
    }
    int[][] rows = new int[classes.length][];
    for (int c = 0; c < classes.length; c++) {
      rows[c] = new int[counts[c]];
    }
    int[] fill = new int[classes.length];
    for (int i = 0; i < labels.length; i++) {
      int c = index.get(labels[i]);
      rows[c][fill[c]++] = i;
    }
    return rows;
  }

  private static void checkLabels(ActivationRows acts, int[] labels) {
    if (labels.length != acts.n()) {
      throw new VistaException(
          "labels: length " + labels.length + " does not match " + acts.n() + " samples");
    }
  }

  /**
   * VISTA's {@code compute_top_k_activations}: a feature's top-k rows, found by
   * {@code np.argpartition(-col, k)[:k]} and ordered by {@code np.argsort(-col[idx])}; memoised
   * per feature because the classes share candidates.
   */
  static final class TopActivations {
    private final ActivationRows acts;
    private final int[] labels;
    private final int kTop;
    private final Map<Integer, int[]> cache = new HashMap<>();

    TopActivations(ActivationRows acts, int[] labels, int kTop) {
      this.acts = acts;
      this.labels = labels;
      this.kTop = kTop;
    }

    int[] rows(int feature) {
      return cache.computeIfAbsent(feature, f -> topRows(acts.column(f)));
    }

    /** Computes the top rows of many features with batched column reads. */
    void prefetch(int[] features) {
      int[] missing = java.util.Arrays.stream(features).filter(f -> !cache.containsKey(f)).toArray();
      acts.forEachColumn(missing, (f, col) -> cache.put(f, topRows(col)));
    }

    private int[] topRows(float[] col) {
      int n = col.length;
      double[] neg = new double[n];
      for (int i = 0; i < n; i++) {
        neg[i] = -col[i];
      }
      int k = Math.min(kTop, n);
      int[] idx = new int[k];
      if (k < n) {
        System.arraycopy(NumpyOrder.argpartition(neg, k), 0, idx, 0, k);
      } else {
        for (int i = 0; i < k; i++) {
          idx[i] = i;
        }
      }
      double[] sub = new double[k];
      for (int q = 0; q < k; q++) {
        sub[q] = neg[idx[q]];
      }
      int[] order = NumpyOrder.argsort(sub);
      int[] sorted = new int[k];
      for (int q = 0; q < k; q++) {
        sorted[q] = idx[order[q]];
      }
      return sorted;
    }

    double entropy(int feature) {
      int[] rows = rows(feature);
      double[] vals = new double[rows.length];
      int[] labs = new int[rows.length];
      for (int q = 0; q < rows.length; q++) {
        vals[q] = acts.get(rows[q], feature);
        labs[q] = labels[rows[q]];
      }
      return labelEntropy(vals, labs);
    }
  }
}
