package io.vista.core.classification;

import io.vista.core.VistaException;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * scikit-learn 1.2.1's classification scores for integer labels: {@code accuracy_score}, macro {@code f1_score},
 * {@code confusion_matrix}, {@code unique_labels}, with numpy's summation order where it changes the last bit.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** {@code accuracy_score(y_true, y_pred)}: the fraction of equal entries. */
  public static double accuracy(int[] yTrue, int[] yPred) {
    checkLengths(yTrue, yPred);
    long ok = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] == yPred[i]) {
        ok++;
      }
    }
    return (double) ok / yTrue.length;
  }

  /** {@code unique_labels(y_true, y_pred)}: the sorted union of the labels. */
  public static int[] uniqueLabels(int[] yTrue, int[] yPred) {
    TreeSet<Integer> set = new TreeSet<>();
    for (int v : yTrue) {
      set.add(v);
    }
    for (int v : yPred) {
      set.add(v);
    }
    return set.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code f1_score(y_true, y_pred, average="macro", zero_division=0)} over the union of the labels. */
  public static double macroF1(int[] yTrue, int[] yPred) {
    return ClassificationReport.of(yTrue, yPred).macroAverage().f1();
  }

  /** {@code confusion_matrix(y_true, y_pred)} with the union of the labels, rows true and columns predicted. */
  public static long[][] confusionMatrix(int[] yTrue, int[] yPred) {
    return confusionMatrix(yTrue, yPred, uniqueLabels(yTrue, yPred));
  }

  /**
   * {@code confusion_matrix(y_true, y_pred, labels=labels)}: entry {@code [i][j]} counts samples with true label
   * {@code labels[i]} predicted as {@code labels[j]}; samples whose labels are not listed are left out.
   */
  public static long[][] confusionMatrix(int[] yTrue, int[] yPred, int[] labels) {
    checkLengths(yTrue, yPred);
    int[] sorted = labels.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new VistaException("confusion matrix: label " + sorted[i] + " is listed twice");
      }
    }
    long[][] m = new long[labels.length][labels.length];
    for (int i = 0; i < yTrue.length; i++) {
      int t = indexOf(labels, yTrue[i]);
      int p = indexOf(labels, yPred[i]);
      if (t >= 0 && p >= 0) {
        m[t][p]++;
      }
    }
    return m;
  }

  static int indexOf(int[] labels, int v) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == v) {
        return i;
      }
    }
    return -1;
  }

  static void checkLengths(int[] yTrue, int[] yPred) {
    if (yTrue.length != yPred.length) {
      throw new VistaException(
          "y_true has " + yTrue.length + " labels but y_pred has " + yPred.length);
    }
    if (yTrue.length == 0) {
      throw new VistaException("y_true and y_pred are empty");
    }
  }

  /**
   * numpy's pairwise summation ({@code np.add.reduce} on a contiguous float64 array): blocks of up to 128 summed
   * with eight accumulators, halves above that. Reproduced so that averages agree to the last bit.
   */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= 128) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
  }
}
