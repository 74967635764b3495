package io.vista.eval.numpy;

/**
 * The orderings and sums of numpy 1.24 that decide VISTA's outputs, re-implemented so that ties
 * come out the same way.
 *
 * <p>VISTA ranks features with {@code np.argsort} (default kind: introsort, not stable) and picks
 * top activations with {@code np.argpartition} (introselect). Activation frequencies are counts
 * over a class size, so ties are the rule, and which of the tied features survives a cut-off is
 * decided by the algorithm's swap pattern. The routines below follow numpy's
 * {@code npysort/quicksort.cpp} ({@code aquicksort_}, {@code aheapsort_}) and
 * {@code npysort/selection.cpp} ({@code introselect_} for a single kth) step by step, and
 * {@code DOUBLE_LT}'s ordering (NaN sorts last). Float32 inputs are widened to double first, which
 * is exact and changes no comparison. Newer numpy releases on AVX-512 machines dispatch these
 * calls to x86-simd-sort, whose tie order differs again: the replicated behaviour is numpy 1.24's
 * portable one.
 *
 * <p>One implementation for all of vista-eval: evaluation.py's rankings ({@code
 * np.argsort(variance)[::-1]}) and the SDF pipeline's both go through it.
 */
public final class NumpyOrder {
  /** numpy's SMALL_QUICKSORT: partitions of at most 16 elements are insertion-sorted. */
  private static final int SMALL_QUICKSORT = 15;
  /** numpy's PW_BLOCKSIZE for pairwise summation. */
  private static final int PW_BLOCKSIZE = 128;
  /** numpy's default ufunc buffer size: reductions see at most this many elements per call. */
  private static final int BUFFER_SIZE = 8192;

  private NumpyOrder() {}

  /** numpy's {@code DOUBLE_LT}: plain {@code <}, with NaN greater than every number. */
  public static boolean less(double a, double b) {
    return a < b || (b != b && a == a);
  }

  /** {@code npy_get_msb}: index of the highest set bit. */
  private static int msb(long num) {
    int depth = 0;
    while ((num >>>= 1) != 0) {
      depth++;
    }
    return depth;
  }

  private static void swap(int[] t, int i, int j) {
    int tmp = t[i];
    t[i] = t[j];
    t[j] = tmp;
  }

  /** {@code np.argsort(v)} (kind="quicksort"). */
  public static int[] argsort(double[] v) {
    int[] t = new int[v.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    if (t.length > 1) {
      introsort(v, t);
    }
    return t;
  }

  /** {@code np.argsort(v)} for float32 input. */
  public static int[] argsort(float[] v) {
    return argsort(widen(v));
  }

  public static double[] widen(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static void introsort(double[] v, int[] t) {
    int num = t.length;
    int pl = 0;
    int pr = num - 1;
    int[] stack = new int[128];
    int sptr = 0;
    int[] depth = new int[64];
    int psdepth = 0;
    int cdepth = msb(num) * 2;
    for (;;) {
      if (cdepth < 0) {
        heapsort(v, t, pl, pr - pl + 1);
      } else {
        while (pr - pl > SMALL_QUICKSORT) {
          int pm = pl + ((pr - pl) >> 1);
          if (less(v[t[pm]], v[t[pl]])) {
            swap(t, pm, pl);
          }
          if (less(v[t[pr]], v[t[pm]])) {
            swap(t, pr, pm);
          }
          if (less(v[t[pm]], v[t[pl]])) {
            swap(t, pm, pl);
          }
          double vp = v[t[pm]];
          int pi = pl;
          int pj = pr - 1;
          swap(t, pm, pj);
          for (;;) {
            do {
              ++pi;
            } while (less(v[t[pi]], vp));
            do {
              --pj;
            } while (less(vp, v[t[pj]]));
            if (pi >= pj) {
              break;
            }
            swap(t, pi, pj);
          }
          swap(t, pi, pr - 1);
          // keep the smaller side, push the larger one
          if (pi - pl < pr - pi) {
            stack[sptr++] = pi + 1;
            stack[sptr++] = pr;
            pr = pi - 1;
          } else {
            stack[sptr++] = pl;
            stack[sptr++] = pi - 1;
            pl = pi + 1;
          }
          depth[psdepth++] = --cdepth;
        }
        for (int pi = pl + 1; pi <= pr; ++pi) {
          int vi = t[pi];
          double vp = v[vi];
          int pj = pi;
          int pk = pi - 1;
          while (pj > pl && less(vp, v[t[pk]])) {
            t[pj--] = t[pk--];
          }
          t[pj] = vi;
        }
      }
      if (sptr == 0) {
        break;
      }
      pr = stack[--sptr];
      pl = stack[--sptr];
      cdepth = depth[--psdepth];
    }
  }

  /** {@code aheapsort_} on t[start .. start+n-1], with numpy's one-based heap indexing. */
  static void heapsort(double[] v, int[] t, int start, int n) {
    int base = start - 1; // a[i] == t[base + i]
    for (int l = n >> 1; l > 0; --l) {
      int tmp = t[base + l];
      int i = l;
      for (int j = l << 1; j <= n; ) {
        if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
          j += 1;
        }
        if (less(v[tmp], v[t[base + j]])) {
          t[base + i] = t[base + j];
          i = j;
          j += j;
        } else {
          break;
        }
      }
      t[base + i] = tmp;
    }
    for (; n > 1; ) {
      int tmp = t[base + n];
      t[base + n] = t[base + 1];
      n -= 1;
      int i = 1;
      for (int j = 2; j <= n; ) {
        if (j < n && less(v[t[base + j]], v[t[base + j + 1]])) {
          j++;
        }
        if (less(v[tmp], v[t[base + j]])) {
          t[base + i] = t[base + j];
          i = j;
          j += j;
        } else {
          break;
        }
      }
      t[base + i] = tmp;
    }
  }

  /**
   * {@code np.argpartition(v, kth)} for one kth: the returned permutation has the kth-smallest
   * element at position kth, smaller-or-equal ones before it and larger-or-equal ones after it.
   */
  public static int[] argpartition(double[] v, int kth) {
    if (kth < 0 || kth >= v.length) {
      throw new IllegalArgumentException("kth(=" + kth + ") out of bounds (" + v.length + ")");
    }
    int[] t = new int[v.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    introselect(v, t, 0, t.length, kth);
    return t;
  }

  /** {@code introselect_} (arg version) on t[off .. off+num-1]; kth is relative to off. */
  private static void introselect(double[] v, int[] t, int off, int num, int kth) {
    int low = 0;
    int high = num - 1;
    if (kth - low < 3) {
      dumbSelect(v, t, off + low, high - low + 1, kth - low);
      return;
    } else if (kth == num - 1) {
      int maxidx = low;
      double maxval = v[t[off + low]];
      for (int k = low + 1; k < num; k++) {
        if (!less(v[t[off + k]], maxval)) {
          maxidx = k;
          maxval = v[t[off + k]];
        }
      }
      swap(t, off + kth, off + maxidx);
      return;
    }
    int depthLimit = msb(num) * 2;
    while (low + 1 < high) {
      int ll = low + 1;
      int hh = high;
      if (depthLimit > 0 || hh - ll < 5) {
        int mid = low + (high - low) / 2;
        median3Swap(v, t, off, low, mid, high);
      } else {
        int mid = ll + medianOfMedians5(v, t, off + ll, hh - ll);
        swap(t, off + mid, off + low);
        ll--;
        hh++;
      }
      depthLimit--;
      double pivot = v[t[off + low]];
      for (;;) { // unguarded partition
        do {
          ll++;
        } while (less(v[t[off + ll]], pivot));
        do {
          hh--;
        } while (less(pivot, v[t[off + hh]]));
        if (hh < ll) {
          break;
        }
        swap(t, off + ll, off + hh);
      }
      swap(t, off + low, off + hh);
      if (hh >= kth) {
        high = hh - 1;
      }
      if (hh <= kth) {
        low = ll;
      }
    }
    if (high == low + 1 && less(v[t[off + high]], v[t[off + low]])) {
      swap(t, off + high, off + low);
    }
  }

  private static void median3Swap(double[] v, int[] t, int off, int low, int mid, int high) {
    if (less(v[t[off + high]], v[t[off + mid]])) {
      swap(t, off + high, off + mid);
    }
    if (less(v[t[off + high]], v[t[off + low]])) {
      swap(t, off + high, off + low);
    }
    if (less(v[t[off + low]], v[t[off + mid]])) {
      swap(t, off + low, off + mid);
    }
    swap(t, off + mid, off + low + 1);
  }

  private static int median5(double[] v, int[] t, int off) {
    if (less(v[t[off + 1]], v[t[off]])) {
      swap(t, off + 1, off);
    }
    if (less(v[t[off + 4]], v[t[off + 3]])) {
      swap(t, off + 4, off + 3);
    }
    if (less(v[t[off + 3]], v[t[off]])) {
      swap(t, off + 3, off);
    }
    if (less(v[t[off + 4]], v[t[off + 1]])) {
      swap(t, off + 4, off + 1);
    }
    if (less(v[t[off + 2]], v[t[off + 1]])) {
      swap(t, off + 2, off + 1);
    }
    if (less(v[t[off + 3]], v[t[off + 2]])) {
      return less(v[t[off + 3]], v[t[off + 1]]) ? 1 : 3;
    }
    return 2;
  }

  private static int medianOfMedians5(double[] v, int[] t, int off, int num) {
    int nmed = num / 5;
    for (int i = 0, subleft = 0; i < nmed; i++, subleft += 5) {
      int m = median5(v, t, off + subleft);
      swap(t, off + subleft + m, off + i);
    }
    if (nmed > 2) {
      introselect(v, t, off, nmed, nmed / 2);
    }
    return nmed / 2;
  }

  private static void dumbSelect(double[] v, int[] t, int off, int num, int kth) {
    for (int i = 0; i <= kth; i++) {
      int minidx = i;
      double minval = v[t[off + i]];
      for (int k = i + 1; k < num; k++) {
        if (less(v[t[off + k]], minval)) {
          minidx = k;
          minval = v[t[off + k]];
        }
      }
      swap(t, off + i, off + minidx);
    }
  }

  /**
   * {@code np.sum} of {@code n} contiguous float64 values: the ufunc reduction starts from 0 and
   * adds numpy's pairwise sum of each buffer-sized chunk (8192 elements) in turn.
   */
  public static double sum(double[] a, int n) {
    double acc = 0.0;
    for (int start = 0; start < n; start += BUFFER_SIZE) {
      acc += pairwise(a, start, Math.min(BUFFER_SIZE, n - start));
    }
    return acc;
  }

  /** {@code np.mean} of {@code n} contiguous float64 values (NaN when empty, as numpy's 0/0). */
  public static double mean(double[] a, int n) {
    return sum(a, n) / n;
  }

  /**
   * {@code np.sum} of {@code n} contiguous float32 values in float32 arithmetic, chunked and
   * pairwise as {@link #sum(double[], int)}. This is what {@code x[:, idx].mean(axis=0)} does per
   * column: fancy indexing along axis 1 returns a Fortran-ordered array, so the reduction runs
   * along contiguous memory.
   */
  public static float sum(float[] a, int n) {
    return sum(a, 0, n);
  }

  /** {@code np.add.reduce} of the contiguous float32 values {@code a[from, from + n)}, as {@link #sum(float[], int)}. */
  public static float sum(float[] a, int from, int n) {
    float acc = 0.0f;
    for (int start = 0; start < n; start += BUFFER_SIZE) {
      acc += pairwise(a, from + start, Math.min(BUFFER_SIZE, n - start));
    }
    return acc;
  }

  private static float pairwise(float[] a, int off, int n) {
    if (n < 8) {
      float res = -0.0f;
      for (int i = 0; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else if (n <= PW_BLOCKSIZE) {
      float[] r = new float[8];
      System.arraycopy(a, off, r, 0, 8);
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[off + i + j];
        }
      }
      float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
  }

  private static double pairwise(double[] a, int off, int n) {
    if (n < 8) {
      double res = -0.0;
      for (int i = 0; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else if (n <= PW_BLOCKSIZE) {
      double[] r = new double[8];
      System.arraycopy(a, off, r, 0, 8);
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[off + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
  }
}
