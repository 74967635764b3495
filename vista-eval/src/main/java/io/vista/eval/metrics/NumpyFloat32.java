package io.vista.eval.metrics;

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
  /** numpy's {@code NPY_BUFSIZE}: reductions run their inner loop on blocks of this many elements. */
  static final int BUFFER_SIZE = 8192;
  /** numpy's {@code PW_BLOCKSIZE}: below this, pairwise summation unrolls into eight accumulators. */
  private static final int PW_BLOCKSIZE = 128;

  private NumpyFloat32() {}

  /** {@code np.add.reduce} of a contiguous float32 vector {@code a[from, from + n)}. */
  static float sum(float[] a, int from, int n) {
    float s = 0f;
    for (int start = 0; start < n; start += BUFFER_SIZE) {
      s += pairwise(a, from + start, Math.min(BUFFER_SIZE, n - start));
    }
    return s;
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

  /** numpy's {@code pairwise_sum} for float32 (float32 accumulators). */
  static float pairwise(float[] a, int from, int n) {
    if (n < 8) {
      float res = 0f;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= PW_BLOCKSIZE) {
      float r0 = a[from];
      float r1 = a[from + 1];
      float r2 = a[from + 2];
      float r3 = a[from + 3];
      float r4 = a[from + 4];
      float r5 = a[from + 5];
      float r6 = a[from + 6];
      float r7 = a[from + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        int p = from + i;
        r0 += a[p];
        r1 += a[p + 1];
        r2 += a[p + 2];
        r3 += a[p + 3];
        r4 += a[p + 4];
        r5 += a[p + 5];
        r6 += a[p + 6];
        r7 += a[p + 7];
      }
      float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
    }
  }
}
