package io.vista.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow loss and gradient against a naive double-precision reference (itself checked by central
 * differences), for the binary and multinomial losses and every storage of X.
 */
class TfLogisticObjectiveTest {
  private static final int N = 37;
  private static final int D = 6;

  /** Plain-Java scikit-learn objective in the solver layout ([d][k] weights, then k intercepts). */
  static double reference(float[] x, int[] cls, int k, boolean binary, double c, double[] theta, double[] grad) {
    int rows = binary ? 1 : k;
    java.util.Arrays.fill(grad, 0);
    double loss = 0;
    for (int i = 0; i < N; i++) {
      double[] z = new double[rows];
      for (int r = 0; r < rows; r++) {
        z[r] = theta[D * rows + r];
        for (int j = 0; j < D; j++) {
          z[r] += x[i * D + j] * theta[j * rows + r];
        }
      }
      double[] resid = new double[rows];
      if (binary) {
        double y = cls[i] == 1 ? 1 : 0;
        loss += Math.log1p(Math.exp(z[0])) - y * z[0];
        resid[0] = 1 / (1 + Math.exp(-z[0])) - y;
      } else {
        double max = java.util.Arrays.stream(z).max().getAsDouble();
        double s = 0;
        for (double v : z) {
          s += Math.exp(v - max);
        }
        loss += max + Math.log(s) - z[cls[i]];
        for (int r = 0; r < rows; r++) {
          resid[r] = Math.exp(z[r] - max) / s - (r == cls[i] ? 1 : 0);
        }
      }
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < D; j++) {
          grad[j * rows + r] += x[i * D + j] * resid[r];
        }
        grad[D * rows + r] += resid[r];
      }
    }
    for (int q = 0; q < D * rows; q++) {
      loss += 0.5 / c * theta[q] * theta[q];
      grad[q] += theta[q] / c;
    }
    return loss;
  }

  private static float[] data(Random rnd) {
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextDouble() < 0.4 ? (float) (2 * rnd.nextGaussian()) : 0f; // 60% zeros: both layouts apply
    }
    return x;
  }

  @Test
  void referenceGradientMatchesCentralDifferences() {
    Random rnd = new Random(5);
    float[] x = data(rnd);
    int[] cls = rnd.ints(N, 0, 3).toArray();
    for (boolean binary : new boolean[] {true, false}) {
      int dim = (D + 1) * (binary ? 1 : 3);
      double[] theta = rnd.doubles(dim, -0.5, 0.5).toArray();
      int[] c2 = binary ? java.util.Arrays.stream(cls).map(v -> v % 2).toArray() : cls;
      double[] g = new double[dim];
      reference(x, c2, 3, binary, 0.7, theta, g);
      double h = 1e-6;
      for (int q = 0; q < dim; q++) {
        double[] tp = theta.clone();
        double[] tm = theta.clone();
        tp[q] += h;
        tm[q] -= h;
        double[] scratch = new double[dim];
        double fd = (reference(x, c2, 3, binary, 0.7, tp, scratch) - reference(x, c2, 3, binary, 0.7, tm, scratch))
            / (2 * h);
        assertEquals(fd, g[q], 1e-6 * Math.max(1, Math.abs(fd)), "component " + q + " binary=" + binary);
      }
    }
  }

  @Test
  void tensorFlowObjectiveMatchesReferenceForEveryStorage() {
    Random rnd = new Random(9);
    float[] x = data(rnd);
    int[] cls = rnd.ints(N, 0, 4).toArray();
    for (boolean binary : new boolean[] {true, false}) {
      int k = binary ? 2 : 4;
      int[] c2 = binary ? java.util.Arrays.stream(cls).map(v -> v % 2).toArray() : cls;
      int dim = (D + 1) * (binary ? 1 : k);
      double[] theta = rnd.doubles(dim, -0.8, 0.8).toArray();
      double[] expectedGrad = new double[dim];
      double expected = reference(x, c2, k, binary, 0.3, theta, expectedGrad);
      for (LogRegOptions.Layout layout : LogRegOptions.Layout.values()) {
        for (boolean float32 : new boolean[] {false, true}) {
          try (TfLogisticObjective obj = new TfLogisticObjective(x, N, D, c2, k, binary, 0.3, float32, layout)) {
            assertEquals(layout == LogRegOptions.Layout.SPARSE, obj.isSparse(), layout.toString());
            double[] grad = new double[dim];
            double value = obj.valueAndGradient(theta, grad);
            double tol = float32 ? 1e-5 : 1e-12;
            String what = "binary=" + binary + " " + layout + " float32=" + float32;
            assertEquals(expected, value, tol * Math.abs(expected), what);
            for (int q = 0; q < dim; q++) {
              assertEquals(expectedGrad[q], grad[q], tol * Math.max(1, Math.abs(expectedGrad[q])), what + " g" + q);
            }
          }
        }
      }
    }
  }

  @Test
  void autoLayoutFollowsDensity() {
    float[] dense = new float[N * D];
    java.util.Arrays.fill(dense, 1f);
    float[] sparse = new float[N * D];
    sparse[3] = 1f;
    int[] cls = new int[N];
    cls[0] = 1;
    try (TfLogisticObjective a = new TfLogisticObjective(dense, N, D, cls, 2, true, 1, false, LogRegOptions.Layout.AUTO);
        TfLogisticObjective b = new TfLogisticObjective(sparse, N, D, cls, 2, true, 1, false, LogRegOptions.Layout.AUTO)) {
      assertFalse(a.isSparse());
      assertTrue(b.isSparse());
    }
  }
}
