package io.vista.eval.metrics;

/**
 * A dense float32 matrix held row-major in one array: per-sample SAE features {@code [N, m]} or mean-pooled
 * encoder latents {@code [N, d]}. One Java array holds at most 2^31 - 1 values, so N * m must stay below that
 * (FairFace's validation split at m = 16384 is 179 M values, 718 MB).
 *
 * @param data {@code rows * cols} values, row-major (not copied: the matrix is a view of the caller's array)
 * @param rows number of rows
 * @param cols number of columns
 */
public record FeatureMatrix(float[] data, int rows, int cols) {
  /** Checks the size. */
  public FeatureMatrix {
    if (rows < 0 || cols < 1 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "matrix of " + data.length + " values is not " + rows + " rows x " + cols + " columns");
    }
  }

  /** A zero matrix. */
  public static FeatureMatrix zeros(int rows, int cols) {
    long n = (long) rows * cols;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(rows + " x " + cols + " = " + n
          + " values exceed what one Java array holds (2^31 - 1)");
    }
    return new FeatureMatrix(new float[(int) n], rows, cols);
  }

  /** Element {@code (r, c)}. */
  public float get(int r, int c) {
    return data[r * cols + c];
  }

  /** The given rows, in the given order, as a new row-major array. */
  public float[] gatherRows(int[] rowIndices) {
    float[] out = new float[Math.multiplyExact(rowIndices.length, cols)];
    for (int i = 0; i < rowIndices.length; i++) {
      System.arraycopy(data, rowIndices[i] * cols, out, i * cols, cols);
    }
    return out;
  }

  /** The given rows restricted to the given columns (both in the given order), as a new row-major array. */
  public float[] gather(int[] rowIndices, int[] columns) {
    float[] out = new float[Math.multiplyExact(rowIndices.length, columns.length)];
    int k = 0;
    for (int r : rowIndices) {
      int base = r * cols;
      for (int c : columns) {
        out[k++] = data[base + c];
      }
    }
    return out;
  }
}
