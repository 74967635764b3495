package io.vista.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconstructionAccumulatorTest {
  @Test
  void handComputed() {
    ReconstructionAccumulator acc = new ReconstructionAccumulator(2);
    acc.add(new float[] {1, 0, 0, 2}, new float[] {1, 1, 0, 1}, 2);
    ReconstructionQuality q = acc.result();
    // errors (0, -1), (0, 1): SSE 2 over 4 elements
    assertEquals(0.5, q.mse(), 1e-15);
    // cos: (1,0).(1,1) / (1 * sqrt 2) = 0.70711; (0,2).(0,1) / (2 * 1) = 1
    assertEquals((1 / Math.sqrt(2) + 1) / 2, q.cosineSimilarity(), 1e-15);
    // column means (0.5, 1): SST = 0.25 + 0.25 + 1 + 1 = 2.5; R^2 = 1 - 2 / 2.5
    assertEquals(0.2, q.rSquared(), 1e-12);
  }

  @Test
  void batchWeightingFollowsThePython() {
    // Batch 1: one row, error 1 per element; batch 2: three rows, error 0. MSE weighted by rows: 1 * 1 / 4.
    ReconstructionAccumulator acc = new ReconstructionAccumulator(1);
    acc.add(new float[] {1}, new float[] {2}, 1);
    acc.add(new float[] {1, 2, 3}, new float[] {1, 2, 3}, 3);
    assertEquals(0.25, acc.result().mse(), 1e-15);
    assertEquals(4, acc.rows());
  }

  @Test
  void zeroVectorsUseTorchsNormClamp() {
    ReconstructionAccumulator acc = new ReconstructionAccumulator(2);
    acc.add(new float[] {0, 0}, new float[] {1, 0}, 1);
    assertEquals(0.0, acc.result().cosineSimilarity());
  }

  @Test
  void rSquaredDoesNotDependOnHowRowsAreBatched() {
    Random rnd = new Random(1);
    int d = 5;
    int n = 101;
    float[] x = new float[n * d];
    float[] y = new float[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1000 + rnd.nextGaussian()); // a large offset: naive sum-of-squares would cancel
      y[i] = x[i] + (float) (0.3 * rnd.nextGaussian());
    }
    // reference: two-pass in double over all rows
    double[] mean = new double[d];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[r * d + j] / (double) n;
      }
    }
    double sse = 0;
    double sst = 0;
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < d; j++) {
        double e = x[r * d + j] - y[r * d + j];
        double dev = x[r * d + j] - mean[j];
        sse += e * e;
        sst += dev * dev;
      }
    }
    double expected = 1 - sse / (sst + 1e-12);
    for (int batch : new int[] {1, 7, 50, 101}) {
      ReconstructionAccumulator acc = new ReconstructionAccumulator(d);
      for (int s = 0; s < n; s += batch) {
        int rows = Math.min(batch, n - s);
        acc.add(EncodeFixture.rows(x, d, s, rows), EncodeFixture.rows(y, d, s, rows), rows);
      }
      assertEquals(expected, acc.result().rSquared(), 1e-10, "batch " + batch);
    }
  }

  @Test
  void matchesEvaluationPy() {
    for (String name : new String[] {"encode_3d", "encode_2d"}) {
      EncodeFixture fx = EncodeFixture.load(name);
      ReconstructionAccumulator acc = new ReconstructionAccumulator(fx.d());
      int rowsPerBatch = fx.batchSize() * fx.tokens();
      int totalRows = fx.n() * fx.tokens();
      for (int r = 0; r < totalRows; r += rowsPerBatch) {
        int rows = Math.min(rowsPerBatch, totalRows - r);
        acc.add(EncodeFixture.rows(fx.latents(), fx.d(), r, rows), EncodeFixture.rows(fx.recon(), fx.d(), r, rows),
            rows);
      }
      ReconstructionQuality q = acc.result();
      JsonObject streaming = fx.expected().getAsJsonObject("reconstruction_quality");
      JsonObject full = fx.expected().getAsJsonObject("reconstruction_quality_full");
      // torch computes each batch's means in float32; these sums run in double
      assertEquals(streaming.get("mse").getAsDouble(), q.mse(), 1e-6 * q.mse(), name);
      assertEquals(streaming.get("cosine_similarity").getAsDouble(), q.cosineSimilarity(), 1e-6, name);
      // reconstruction_quality() computes R^2 in float64 over the whole split
      assertEquals(full.get("r_squared").getAsDouble(), q.rSquared(), 1e-12, name);
      assertTrue(q.rSquared() < 1);
    }
  }
}
