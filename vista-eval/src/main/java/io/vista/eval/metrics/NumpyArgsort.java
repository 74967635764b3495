package io.vista.eval.metrics;

/**
 * {@code np.argsort(x)} of a float32 vector with numpy 1.24's default kind ("quicksort"): its introsort --
 * median-of-three quicksort on index arrays, insertion sort below 16 elements, heapsort past a depth of
 * {@code 2 * floor(log2 n)} -- reproduced step for step, so that equal values come out in numpy's order. That
 * order is not stable and depends on the data, and evaluation.py's rankings ({@code np.argsort(variance)[::-1]})
 * inherit it; a stable sort would order ties differently. NaN sorts last, as numpy's {@code FLOAT_LT} has it.
 * (numpy 1.25 added an AVX-512 argsort on capable CPUs; the Python environment this mirrors is 1.24.)
 */
final class NumpyArgsort {
  /** numpy 1.24's {@code SMALL_QUICKSORT}: partitions of at most this + 1 elements are insertion-sorted. */
  private static final int SMALL_QUICKSORT = 15;

  private NumpyArgsort() {}

  /** The indices that sort {@code v} ascending, in numpy's order. */
  static int[] argsort(float[] v) {
    int n = v.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    if (n > 1) {
      aquicksort(v, idx, n);
    }
    return idx;
  }

  /** numpy's {@code FLOAT_LT}: {@code a < b}, with NaN above every number. */
  static boolean less(float a, float b) {
    return a < b || (b != b && a == a);
  }

  private static void aquicksort(float[] v, int[] t, int num) {
    int pl = 0;
    int pr = num - 1;
    int[] stack = new int[128];
    int sptr = 0;
    int[] depth = new int[64];
    int psdepth = 0;
    int cdepth = msb(num) * 2;
    for (;;) {
      if (cdepth < 0) {
        aheapsort(v, t, pl, pr - pl + 1);
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
          float vp = v[t[pm]];
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
          // the larger partition waits on the stack
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
          float vp = v[vi];
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

  /** numpy's {@code aheapsort_} on {@code t[from, from + n)} (1-based heap over that range). */
  static void aheapsort(float[] v, int[] t, int from, int n) {
    int base = from - 1; // a[i] == t[base + i]
    for (int l = n >> 1; l > 0; --l) {
      int tmp = t[base + l];
      int i = l;
      int j = l << 1;
      while (j <= n) {
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
    while (n > 1) {
      int tmp = t[base + n];
      t[base + n] = t[base + 1];
      n -= 1;
      int i = 1;
      int j = 2;
      while (j <= n) {
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

  /** {@code npy_get_msb}: floor(log2 n) for n >= 1. */
  private static int msb(int n) {
    return 31 - Integer.numberOfLeadingZeros(n);
  }

  private static void swap(int[] t, int a, int b) {
    int x = t[a];
    t[a] = t[b];
    t[b] = x;
  }
}
