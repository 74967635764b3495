package io.vista.core.sae;

import io.vista.core.VistaException;

/**
 * Accumulates {@code 1 - FVU} (fraction of variance unexplained, total over all input
 * dimensions) across evaluation batches: {@code FVU = sum (recon - x)^2 / sum (x - mean)^2}, the
 * mean per dimension over all rows seen. Batches are combined with the parallel-variance formula
 * of Chan, Golub and LeVeque (1979), which stays accurate where summing x^2 would cancel.
 */
public final class ExplainedVariance {
  private long rows;
  private double[] mean;
  private double sumSquaredDeviation;
  private double sumSquaredError;

  /** Adds one batch. */
  public void add(EvalMetrics m) {
    double[] sums = m.columnSums();
    if (mean == null) {
      mean = new double[sums.length];
    } else if (mean.length != sums.length) {
      throw new VistaException(
          "batch has " + sums.length + " input dimensions, earlier batches had " + mean.length);
    }
    long nb = m.rows();
    long n = rows + nb;
    double between = 0;
    for (int j = 0; j < sums.length; j++) {
      double meanB = sums[j] / nb;
      double delta = meanB - mean[j];
      between += delta * delta * rows * (double) nb / n;
      mean[j] += delta * nb / n;
    }
    sumSquaredDeviation += m.sumSquaredDeviation() + between;
    sumSquaredError += m.sumSquaredError();
    rows = n;
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /** {@code sum (recon - x)^2 / sum (x - mean)^2}; NaN before any batch or with zero variance. */
  public double fvu() {
    return rows == 0 ? Double.NaN : sumSquaredError / sumSquaredDeviation;
  }

  /** {@code 1 - fvu()}. */
  public double explained() {
    return 1 - fvu();
  }
}
