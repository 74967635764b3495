package io.vista.core.classification;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * scikit-learn 1.2.1's {@code classification_report(y_true, y_pred, output_dict=True)} for integer labels:
 * per-class precision, recall, F1 and support, then "accuracy" (or "micro avg" when the listed labels are not
 * exactly those present), "macro avg" and "weighted avg". Ill-defined ratios (no predictions, no true samples)
 * become {@code zeroDivision}, 0 for scikit-learn's default "warn" and for the {@code zero_division=0} of VISTA's
 * evaluation.py. {@link #toMap()} gives the same nested dictionary, keys in the same order.
 *
 * @param rows one row per label, in label order
 * @param accuracy the micro-averaged precision when the labels are exactly those present, else null
 * @param microAverage the "micro avg" row when {@code accuracy} is null, else null
 * @param macroAverage unweighted mean over the rows
 * @param weightedAverage mean weighted by support
 */
public record ClassificationReport(
    List<Row> rows, Double accuracy, Average microAverage, Average macroAverage, Average weightedAverage) {

  /** One class: its name (the label as text unless target names are given) and scores. */
  public record Row(String name, double precision, double recall, double f1, long support) {}

  /** An averaged row; support is the total support of the listed labels. */
  public record Average(double precision, double recall, double f1, long support) {}

  /** Copies the row list. */
  public ClassificationReport {
    rows = List.copyOf(rows);
  }

  /** The report over the union of the labels, named by their values, with ill-defined ratios set to 0. */
  public static ClassificationReport of(int[] yTrue, int[] yPred) {
    return of(yTrue, yPred, null, null, 0.0);
  }

  /** The report over the union of the labels, with the given names (one per label, in label order). */
  public static ClassificationReport of(int[] yTrue, int[] yPred, List<String> targetNames) {
    return of(yTrue, yPred, null, targetNames, 0.0);
  }

  /**
   * The full form.
   *
   * @param labels nullable; the labels to report, in this order (default: sorted union of both vectors)
   * @param targetNames nullable; display names, one per label (default: the label values)
   * @param zeroDivision 0 or 1: the value of an ill-defined precision or recall
   */
  public static ClassificationReport of(
      int[] yTrue, int[] yPred, int[] labels, List<String> targetNames, double zeroDivision) {
    ClassificationMetrics.checkLengths(yTrue, yPred);
    if (zeroDivision != 0.0 && zeroDivision != 1.0) {
      throw new VistaException("zero_division=" + zeroDivision + " must be 0 or 1");
    }
    int[] present = ClassificationMetrics.uniqueLabels(yTrue, yPred);
    boolean labelsGiven = labels != null;
    int[] labs = labelsGiven ? labels.clone() : present;
    if (labs.length == 0) {
      throw new VistaException("classification report: no labels to report");
    }
    boolean microIsAccuracy = !labelsGiven || sameSet(labs, present);
    List<String> names = new ArrayList<>();
    if (targetNames != null) {
      if (targetNames.size() != labs.length) {
        throw new VistaException("classification report: " + labs.length + " labels but " + targetNames.size()
            + " target names");
      }
      names.addAll(targetNames);
    } else {
      for (int l : labs) {
        names.add(Integer.toString(l));
      }
    }
    int k = labs.length;
    long[] tp = new long[k];
    long[] predSum = new long[k];
    long[] trueSum = new long[k];
    for (int i = 0; i < yTrue.length; i++) {
      int t = ClassificationMetrics.indexOf(labs, yTrue[i]);
      int p = ClassificationMetrics.indexOf(labs, yPred[i]);
      if (t >= 0) {
        trueSum[t]++;
      }
      if (p >= 0) {
        predSum[p]++;
      }
      if (t >= 0 && t == p) {
        tp[t]++;
      }
    }
    double[] precision = new double[k];
    double[] recall = new double[k];
    double[] f1 = new double[k];
    long totalTp = 0;
    long totalPred = 0;
    long totalTrue = 0;
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      precision[c] = ratio(tp[c], predSum[c], zeroDivision);
      recall[c] = ratio(tp[c], trueSum[c], zeroDivision);
      f1[c] = fScore(precision[c], recall[c]);
      rows.add(new Row(names.get(c), precision[c], recall[c], f1[c], trueSum[c]));
      totalTp += tp[c];
      totalPred += predSum[c];
      totalTrue += trueSum[c];
    }
    double microP = ratio(totalTp, totalPred, zeroDivision);
    double microR = ratio(totalTp, totalTrue, zeroDivision);
    Average micro = new Average(microP, microR, fScore(microP, microR), totalTrue);
    Average macro = new Average(
        ClassificationMetrics.pairwiseSum(precision, 0, k) / k,
        ClassificationMetrics.pairwiseSum(recall, 0, k) / k,
        ClassificationMetrics.pairwiseSum(f1, 0, k) / k,
        totalTrue);
    Average weighted;
    if (totalTrue == 0) {
      // precision_recall_fscore_support's special case when no listed label occurs in y_true.
      weighted = totalPred == 0
          ? new Average(zeroDivision, zeroDivision, zeroDivision, 0)
          : new Average(0.0, zeroDivision, 0.0, 0);
    } else {
      double[] w = new double[k];
      for (int c = 0; c < k; c++) {
        w[c] = trueSum[c];
      }
      double scale = ClassificationMetrics.pairwiseSum(w, 0, k);
      weighted = new Average(
          weightedSum(precision, w) / scale, weightedSum(recall, w) / scale, weightedSum(f1, w) / scale, totalTrue);
    }
    return microIsAccuracy
        ? new ClassificationReport(rows, microP, null, macro, weighted)
        : new ClassificationReport(rows, null, micro, macro, weighted);
  }

  /**
   * The dictionary of {@code output_dict=True}: per-class maps with "precision", "recall", "f1-score" (Double) and
   * "support" (Long), then "accuracy" (Double) or "micro avg", then "macro avg" and "weighted avg".
   */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.put(r.name(), entry(r.precision(), r.recall(), r.f1(), r.support()));
    }
    if (accuracy != null) {
      out.put("accuracy", accuracy);
    } else {
      out.put("micro avg", entry(microAverage));
    }
    out.put("macro avg", entry(macroAverage));
    out.put("weighted avg", entry(weightedAverage));
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Object> entry(Average a) {
    return entry(a.precision(), a.recall(), a.f1(), a.support());
  }

  private static Map<String, Object> entry(double p, double r, double f, long support) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("precision", p);
    m.put("recall", r);
    m.put("f1-score", f);
    m.put("support", support);
    return Collections.unmodifiableMap(m);
  }

  private static double ratio(long num, long den, double zeroDivision) {
    return den == 0 ? zeroDivision : (double) num / (double) den;
  }

  /** F1 as scikit-learn computes it: {@code (1 + 1) * p * r / (1 * p + r)}, 0 when both are 0. */
  private static double fScore(double p, double r) {
    double denom = p + r;
    if (denom == 0.0) {
      denom = 1;
    }
    return 2.0 * p * r / denom;
  }

  private static double weightedSum(double[] a, double[] w) {
    double[] prod = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      prod[i] = a[i] * w[i];
    }
    return ClassificationMetrics.pairwiseSum(prod, 0, prod.length);
  }

  private static boolean sameSet(int[] a, int[] sortedUnique) {
    java.util.Set<Integer> s = new java.util.HashSet<>();
    for (int v : a) {
      s.add(v);
    }
    if (s.size() != sortedUnique.length) {
      return false;
    }
    for (int v : sortedUnique) {
      if (!s.contains(v)) {
        return false;
      }
    }
    return true;
  }
}
