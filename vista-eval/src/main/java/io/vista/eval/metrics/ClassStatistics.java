package io.vista.eval.metrics;

import io.vista.eval.numpy.NumpyOrder;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Per-class feature means and their spread across classes, in float32 with numpy's order of operations, as
 * evaluation.py computes them ({@code acts[labs == c].mean(axis=0)} stacked over the sorted classes, then
 * {@code .var(axis=0)}).
 */
public final class ClassStatistics {
  private ClassStatistics() {}

  /** {@code np.unique(labels[rows])}: the sorted distinct labels of the given rows. */
  public static long[] uniqueClasses(long[] labels, int[] rows) {
    TreeSet<Long> set = new TreeSet<>();
    for (int r : rows) {
      set.add(labels[r]);
    }
    return set.stream().mapToLong(Long::longValue).toArray();
  }

  /** The rows {@code 0..n-1}. */
  public static int[] firstRows(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  /**
   * Class means {@code [classes.length][m]}: for each class, the float32 sum of its rows taken in the order of
   * {@code rows} (as {@code acts[rows][mask]} orders them), divided by the class count in float32.
   *
   * @param acts the features, one row per sample
   * @param labels one label per row of {@code acts} (at least)
   * @param rows the rows to use, in order
   * @param classes sorted distinct labels of those rows
   */
  public static float[][] classMeans(FeatureMatrix acts, long[] labels, int[] rows, long[] classes) {
    int m = acts.cols();
    float[][] sums = new float[classes.length][m];
    long[] counts = new long[classes.length];
    float[] data = acts.data();
    for (int r : rows) {
      int c = Arrays.binarySearch(classes, labels[r]);
      if (c < 0) {
        throw new IllegalArgumentException("label " + labels[r] + " of row " + r + " is not among the classes");
      }
      float[] s = sums[c];
      int base = r * m;
      for (int j = 0; j < m; j++) {
        s[j] += data[base + j];
      }
      counts[c]++;
    }
    for (int c = 0; c < classes.length; c++) {
      for (int j = 0; j < m; j++) {
        sums[c][j] = NumpyFloat32.divide(sums[c][j], counts[c]);
      }
    }
    return sums;
  }

  /**
   * {@code mean_matrix.var(axis=0)} in float32: the mean over classes, the squared deviations, their sum over
   * classes (each sum sequential in class order), divided by the number of classes.
   */
  public static float[] varianceAcrossClasses(float[][] means) {
    int k = means.length;
    int m = means[0].length;
    float[] mean = new float[m];
    for (float[] row : means) {
      for (int j = 0; j < m; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < m; j++) {
      mean[j] = NumpyFloat32.divide(mean[j], k);
    }
    float[] var = new float[m];
    for (float[] row : means) {
      for (int j = 0; j < m; j++) {
        float dev = row[j] - mean[j];
        var[j] += dev * dev;
      }
    }
    for (int j = 0; j < m; j++) {
      var[j] = NumpyFloat32.divide(var[j], k);
    }
    return var;
  }

  /**
   * {@code np.argsort(values)[::-1]}: indices by decreasing value, equal values in the reverse of numpy's
   * (unstable, data-dependent) introsort order -- see {@link NumpyArgsort}. Exact ties in a variance across class
   * means occur for features that are constant across classes (dead features: variance 0, ranked last) or that
   * duplicate another feature's column.
   */
  public static int[] argsortDescending(float[] values) {
    int[] asc = NumpyOrder.argsort(values);
    int n = asc.length;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = asc[n - 1 - i];
    }
    return out;
  }
}
