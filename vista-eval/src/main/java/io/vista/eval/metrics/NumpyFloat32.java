package io.vista.eval.metrics;

import io.vista.eval.numpy.NumpyOrder;

/**
 * numpy 1.24's float32 reductions, in numpy's order of operations, so that values computed from float32 arrays
 * (class means, variances, selectivities, L0 statistics) agree with VISTA's evaluation.py to the last bit and
 * rankings built on them break near-ties the same way.
 *
 * <ul>
 *   <li>A reduction along the contiguous last axis ({@code x.sum()}, {@code x.mean()} of a 1-D array) is
 *       numpy's pairwise summation in float32 accumulators, applied to blocks of 8192 elements (the ufunc
 *       buffer size) whose partial sums are added in order.
 *   <li>A reduction along a leading axis ({@code a.mean(axis=0)} of a 2-D array, {@code b.mean(axis=1)} of
 *       {@code (n, T, m)}) adds the slices one after another in float32.
 *   <li>Means divide the float32 sum by the count; computing the quotient in double and rounding once to float
 *       gives the correctly rounded float32 quotient (double has more than 2*24+2 bits), which is what numpy's
 *       float32 division (or float64 division then cast) gives.
 * </ul>
 */
final class NumpyFloat32 {

  private NumpyFloat32() {}

  /** {@code np.add.reduce} of a contiguous float32 vector {@code a[from, from + n)}. */
  static float sum(float[] a, int from, int n) {
    return NumpyOrder.sum(a, from, n);
  }

  /** {@code x.mean()} of a contiguous float32 vector. */
  static float mean(float[] a, int from, int n) {
    return divide(sum(a, from, n), n);
  }

  /** {@code x.var()} (ddof=0) of a contiguous float32 vector: numpy's two-pass formula in float32. */
  static float variance(float[] a, int from, int n) {
    float mean = mean(a, from, n);
    float[] sq = new float[n];
    for (int i = 0; i < n; i++) {
      float dev = a[from + i] - mean;
      sq[i] = dev * dev;
    }
    return divide(sum(sq, 0, n), n);
  }

  /** {@code x.std()} (ddof=0): the float32 square root of {@link #variance}. */
  static float std(float[] a, int from, int n) {
    return (float) Math.sqrt(variance(a, from, n));
  }

  /**
   * {@code np.median(x)} of a float32 vector: the middle value, or the float32 mean of the two middle values.
   * Sorts a copy.
   */
  static float median(float[] a) {
    float[] s = a.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    if (n % 2 == 1) {
      return s[n / 2];
    }
    return divide(s[n / 2 - 1] + s[n / 2], 2);
  }

  /** A float32 sum divided by a count, correctly rounded to float32. */
  static float divide(float sum, long count) {
    return (float) ((double) sum / (double) count);
  }
}
