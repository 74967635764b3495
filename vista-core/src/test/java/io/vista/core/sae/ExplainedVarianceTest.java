package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch-wise accumulation of 1 - FVU equals the direct computation over all rows. */
class ExplainedVarianceTest {
  @Test
  void combiningBatchesEqualsDirectComputation() {
    int d = 7;
    int[] sizes = {5, 13, 1, 30};
    SplittableRandom rng = new SplittableRandom(2);
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    double[][] x = new double[total][d];
    double[][] r = new double[total][d];
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = 100 + j + rng.nextGaussian() * (j + 1); // a large mean: no cancellation issue
        r[i][j] = x[i][j] + 0.3 * rng.nextGaussian();
      }
    }
    ExplainedVariance ev = new ExplainedVariance();
    int start = 0;
    for (int s : sizes) {
      double sse = 0;
      double ssd = 0;
      double[] sums = new double[d];
      for (int j = 0; j < d; j++) {
        double mean = 0;
        for (int i = start; i < start + s; i++) {
          sums[j] += x[i][j];
          sse += (r[i][j] - x[i][j]) * (r[i][j] - x[i][j]);
        }
        mean = sums[j] / s;
        for (int i = start; i < start + s; i++) {
          ssd += (x[i][j] - mean) * (x[i][j] - mean);
        }
      }
      ev.add(new EvalMetrics(s, 0, 0, 0, 0, 0, 0, 0, sse, ssd, sums));
      start += s;
    }
    double sse = 0;
    double sst = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j] / total;
      }
      for (int i = 0; i < total; i++) {
        sse += (r[i][j] - x[i][j]) * (r[i][j] - x[i][j]);
        sst += (x[i][j] - mean) * (x[i][j] - mean);
      }
    }
    assertEquals(total, ev.rows());
    assertEquals(sse / sst, ev.fvu(), 1e-12);
    assertEquals(1 - sse / sst, ev.explained(), 1e-12);
    assertTrue(Double.isNaN(new ExplainedVariance().fvu()));
  }
}
