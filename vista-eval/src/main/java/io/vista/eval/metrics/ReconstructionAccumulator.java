package io.vista.eval.metrics;

/**
 * Streams batches of rows and their reconstructions into {@link ReconstructionQuality}. All sums run in double.
 *
 * <p>MSE and cosine similarity follow evaluation.py's {@code encode_dataset}: a per-batch mean, then the mean of
 * those weighted by the batch's rows. R^2 needs the split's per-dimension mean, which is not known until the
 * end; rather than a second pass, each batch's per-dimension mean and sum of squared deviations are merged into
 * running ones with Chan, Golub and LeVeque's pairwise update ("Updating formulae and a pairwise algorithm for
 * computing sample variances", 1979), which avoids the cancellation of {@code sum(x^2) - n mean^2}. Memory: 2d
 * doubles.
 */
public final class ReconstructionAccumulator {
  /** The norm clamp of {@code torch.nn.functional.cosine_similarity}. */
  static final double COSINE_EPS = 1e-8;
  /** The guard of evaluation.py's {@code 1 - ss_res / (ss_tot + 1e-12)}. */
  static final double R2_EPS = 1e-12;

  private final int dim;
  private final double[] mean;
  private final double[] m2;
  private final double[] batchMean;
  private final double[] batchM2;
  private long rows;
  private double weightedMse;
  private double weightedCosine;
  private double sse;

  /** An accumulator for rows of width {@code dim}. */
  public ReconstructionAccumulator(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    this.dim = dim;
    this.mean = new double[dim];
    this.m2 = new double[dim];
    this.batchMean = new double[dim];
    this.batchM2 = new double[dim];
  }

  /**
   * Adds a batch of {@code rows} rows.
   *
   * @param x the rows fed to the SAE, row-major {@code [rows, d]}
   * @param recon their reconstructions, same layout
   */
  public void add(float[] x, float[] recon, int rows) {
    long n = (long) rows * dim;
    if (rows < 1 || x.length != n || recon.length != n) {
      throw new IllegalArgumentException("batch of " + x.length + " inputs and " + recon.length
          + " reconstructions is not " + rows + " rows x " + dim);
    }
    double batchSse = 0;
    double cosineSum = 0;
    java.util.Arrays.fill(batchMean, 0);
    for (int r = 0; r < rows; r++) {
      int base = r * dim;
      double dot = 0;
      double xx = 0;
      double yy = 0;
      for (int j = 0; j < dim; j++) {
        double a = x[base + j];
        double b = recon[base + j];
        double e = a - b;
        batchSse += e * e;
        dot += a * b;
        xx += a * a;
        yy += b * b;
        batchMean[j] += a;
      }
      cosineSum += dot / (Math.max(Math.sqrt(xx), COSINE_EPS) * Math.max(Math.sqrt(yy), COSINE_EPS));
    }
    for (int j = 0; j < dim; j++) {
      batchMean[j] /= rows;
    }
    // The batch's own sum of squared deviations about its mean, then Chan et al.'s merge.
    java.util.Arrays.fill(batchM2, 0);
    for (int r = 0; r < rows; r++) {
      int base = r * dim;
      for (int j = 0; j < dim; j++) {
        double dev = x[base + j] - batchMean[j];
        batchM2[j] += dev * dev;
      }
    }
    long before = this.rows;
    long after = before + rows;
    for (int j = 0; j < dim; j++) {
      double delta = batchMean[j] - mean[j];
      mean[j] += delta * rows / after;
      m2[j] += batchM2[j] + delta * delta * ((double) before * rows / after);
    }
    this.rows = after;
    double batchMse = batchSse / n;
    double batchCosine = cosineSum / rows;
    weightedMse += batchMse * rows;
    weightedCosine += batchCosine * rows;
    sse += batchSse;
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /** The figures over everything added; NaN for all three when nothing was. */
  public ReconstructionQuality result() {
    if (rows == 0) {
      return new ReconstructionQuality(Double.NaN, Double.NaN, Double.NaN);
    }
    double sst = 0;
    for (double v : m2) {
      sst += v;
    }
    return new ReconstructionQuality(weightedMse / rows, weightedCosine / rows, 1 - sse / (sst + R2_EPS));
  }
}
