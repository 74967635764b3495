package io.vista.eval.intersectional;

import io.vista.eval.numpy.NumpyOrder;
import io.vista.core.VistaException;
import java.util.Arrays;

/**
 * Binned mutual information between a continuous feature and a class label, as VISTA's
 * {@code _binned_mi}: the feature is cut into equal-width bins between its minimum and maximum
 * (edges as {@code np.linspace}, bin of a value as {@code np.digitize} over the interior edges),
 * the plug-in MI of the joint histogram is taken in bits, and the analytical bias
 * {@code (bins - 1)(classes - 1) / (2 N ln 2)} of Panzeri &amp; Treves (1996, Network 7:87-107) is
 * subtracted; negative results are clipped to 0. The number of bins in the correction is the
 * nominal one, occupied or not, as in VISTA.
 */
public final class MutualInformation {
  /** VISTA's bin count. */
  public static final int DEFAULT_BINS = 20;

  private static final double LN2 = Math.log(2.0);

  private MutualInformation() {}

  /**
   * Bias-corrected binned MI, in bits, of {@code x} and {@code y}; 0 for no samples or a feature
   * whose range is below 1e-12.
   */
  public static double binnedMi(double[] x, int[] y, int nBins) {
    if (y.length != x.length) {
      throw new VistaException("mi: " + x.length + " feature values but " + y.length + " labels");
    }
    Labels labels = Labels.of(y);
    return binnedMi(x, labels, nBins);
  }

  /** A label vector as indices into its sorted distinct values ({@code np.unique}). */
  record Labels(int[] index, int classes) {
    static Labels of(int[] y) {
      int[] distinct = SdfPipeline.sortedUnique(y);
      int[] index = new int[y.length];
      for (int i = 0; i < y.length; i++) {
        index[i] = Arrays.binarySearch(distinct, y[i]);
      }
      return new Labels(index, distinct.length);
    }
  }

  static double binnedMi(double[] x, Labels labels, int nBins) {
    int n = x.length;
    if (labels.index().length != n) {
      throw new VistaException("mi: " + n + " feature values but " + labels.index().length + " labels");
    }
    if (nBins < 1) {
      throw new VistaException("mi: bin count must be >= 1, got " + nBins);
    }
    if (n == 0) {
      return 0.0;
    }
    double min = x[0];
    double max = x[0];
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (max - min < 1e-12) {
      return 0.0;
    }
    // np.linspace(min, max, nBins + 1): edge i is i * step + min; interior edges 1..nBins-1.
    double step = (max - min) / nBins;
    double[] edges = new double[nBins - 1];
    for (int i = 1; i < nBins; i++) {
      edges[i - 1] = i * step + min;
    }
    int ny = labels.classes();
    int[] yIndex = labels.index();
    double[][] joint = new double[nBins][ny];
    for (int s = 0; s < n; s++) {
      joint[bin(edges, x[s], min, step)][yIndex[s]] += 1.0;
    }
    for (double[] row : joint) {
      for (int j = 0; j < ny; j++) {
        row[j] /= n;
      }
    }
    double[] px = new double[nBins];
    for (int i = 0; i < nBins; i++) {
      px[i] = NumpyOrder.sum(joint[i], ny); // sum(axis=1): along the contiguous axis
    }
    double[] py = new double[ny];
    for (int j = 0; j < ny; j++) {
      double s = 0.0; // sum(axis=0): row after row
      for (int i = 0; i < nBins; i++) {
        s += joint[i][j];
      }
      py[j] = s;
    }
    double mi = 0.0;
    for (int i = 0; i < nBins; i++) {
      for (int j = 0; j < ny; j++) {
        if (joint[i][j] > 0 && px[i] > 0 && py[j] > 0) {
          mi += joint[i][j] * (Math.log(joint[i][j] / (px[i] * py[j])) / LN2);
        }
      }
    }
    double bias = (double) ((long) (nBins - 1) * (ny - 1)) / ((double) (2L * n) * LN2);
    return Math.max(mi - bias, 0.0);
  }

  /**
   * {@code np.digitize(v, edges)}: the number of edges at most {@code v}. The arithmetic guess
   * is corrected against the actual edges, so values on or next to an edge fall as in numpy.
   */
  private static int bin(double[] edges, double v, double min, double step) {
    int k = (int) ((v - min) / step);
    k = Math.max(0, Math.min(edges.length, k));
    while (k > 0 && edges[k - 1] > v) {
      k--;
    }
    while (k < edges.length && edges[k] <= v) {
      k++;
    }
    return k;
  }
}
