package io.vista.eval.intersectional;

import io.vista.core.VistaException;

/**
 * Per-sample SAE feature activations: {@code n} samples by {@code m} features, row-major float32,
 * as VISTA's {@code acts} array (mean over tokens of the SAE codes). A matrix may be a view on a
 * subset of another's rows (VISTA's {@code acts[mask]}) without copying the data.
 */
public final class ActivationRows {
  private final float[] data;
  private final int m;
  /** Rows of {@link #data} this view shows, or null for all of them in order. */
  private final int[] rowIndex;
  private final int n;

  private ActivationRows(float[] data, int n, int m, int[] rowIndex) {
    this.data = data;
    this.n = n;
    this.m = m;
    this.rowIndex = rowIndex;
  }

  /**
   * Wraps (without copying) a row-major {@code n x m} array; every value must be finite, since a
   * NaN would silently reorder every ranking below.
   */
  public static ActivationRows of(float[] data, int n, int m) {
    if (n < 0 || m < 0 || (long) n * m != data.length) {
      throw new VistaException(
          "features: length " + data.length + " does not match n=" + n + " x m=" + m);
    }
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new VistaException(
            "features: non-finite value " + data[i] + " at sample " + (i / m) + ", feature "
                + (i % m));
      }
    }
    return new ActivationRows(data, n, m, null);
  }

  /** The view on the given rows of this matrix, in the given order. */
  public ActivationRows rows(int[] rows) {
    int[] mapped = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] < 0 || rows[i] >= n) {
        throw new VistaException("features: row " + rows[i] + " out of range [0, " + n + ")");
      }
      mapped[i] = rowIndex == null ? rows[i] : rowIndex[rows[i]];
    }
    return new ActivationRows(data, rows.length, m, mapped);
  }

  /** Number of samples. */
  public int n() {
    return n;
  }

  /** Number of features. */
  public int m() {
    return m;
  }

  /** Activation of feature {@code col} in sample {@code row}. */
  public float get(int row, int col) {
    int r = rowIndex == null ? row : rowIndex[row];
    return data[r * m + col];
  }

  /** Offset of the first value of {@code row} in the backing array (row-major). */
  int offset(int row) {
    return (rowIndex == null ? row : rowIndex[row]) * m;
  }

  float[] data() {
    return data;
  }

  /** Receives one feature's column from {@link #forEachColumn}. */
  @FunctionalInterface
  public interface ColumnConsumer {
    /** Called once per requested feature, in request order; {@code column} is a fresh copy. */
    void accept(int feature, float[] column);
  }

  /** Features gathered per pass over the rows (a few MB of columns at FairFace scale). */
  private static final int COLUMN_BATCH = 256;

  /**
   * Hands over the columns of the given features in order, gathering them in batches with one
   * sequential pass over the rows per batch: reading a column on its own touches one cache line
   * per sample, which dominates the analysis when thousands of features are examined.
   */
  public void forEachColumn(int[] features, ColumnConsumer consumer) {
    for (int f : features) {
      checkFeature(f);
    }
    for (int start = 0; start < features.length; start += COLUMN_BATCH) {
      int len = Math.min(COLUMN_BATCH, features.length - start);
      int[] batch = java.util.Arrays.copyOfRange(features, start, start + len);
      Integer[] boxed = new Integer[len];
      for (int q = 0; q < len; q++) {
        boxed[q] = q;
      }
      java.util.Arrays.sort(boxed, (a, b) -> Integer.compare(batch[a], batch[b]));
      int[] order = new int[len];
      for (int q = 0; q < len; q++) {
        order[q] = boxed[q];
      }
      float[][] cols = new float[len][n];
      for (int i = 0; i < n; i++) {
        int off = offset(i);
        for (int q : order) {
          cols[q][i] = data[off + batch[q]];
        }
      }
      for (int q = 0; q < len; q++) {
        consumer.accept(batch[q], cols[q]);
        cols[q] = null;
      }
    }
  }

  private void checkFeature(int col) {
    if (col < 0 || col >= m) {
      throw new VistaException("features: feature index " + col + " out of range [0, " + m + ")");
    }
  }

  /** A copy of one feature's activations over all samples, as float32. */
  public float[] column(int col) {
    checkFeature(col);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = get(i, col);
    }
    return out;
  }
}
