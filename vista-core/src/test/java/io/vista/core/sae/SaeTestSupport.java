package io.vista.core.sae;

import static org.junit.jupiter.api.Assertions.fail;

import io.vista.core.internal.graph.Tensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.types.TFloat32;

/** Shared fixtures for the SAE tests: small random states and batches, tolerant comparisons. */
final class SaeTestSupport {
  static final int D = 5;
  static final int M = 12;
  static final int ROWS = 6;

  private SaeTestSupport() {}

  /** A small spec whose penalties are large enough to matter in the gradients. */
  static SaeSpec smallSpec(String variant) {
    return SaeSpec.builder(variant, D, M)
        .topK(3)
        .topKAux(2)
        .auxPenalty(0.5)
        .nBatchesToDead(2)
        .l1Coeff(0.05)
        .l0Coeff(0.05)
        .bandwidth(0.4)
        .thresholdMomentum(0.9)
        .learningRate(1e-2)
        .build();
  }

  /** A random batch [rows, d] of N(0, 1) values, row-major. */
  static float[] randomBatch(int rows, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }

  static double[][] rows(float[] flat, int rows, int d) {
    return ReferenceSae.matrix(flat, rows, d);
  }

  static TFloat32 tensor(float[] x, int rows, int d) {
    return Tensors.of(x, rows, d);
  }

  /**
   * {@code state} with every parameter replaced by random values (non-unit decoder rows, non-zero
   * biases; jumprelu thresholds near typical pre-activations), other entries unchanged.
   */
  static Map<String, float[]> randomizeParams(SaeSpec spec, Map<String, float[]> state, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, float[]> s = new LinkedHashMap<>(state);
    s.put("W_enc", uniform(rng, spec.dIn() * spec.dSae(), 0.8));
    s.put("b_enc", gaussian(rng, spec.dSae(), 0.3));
    s.put("W_dec", uniform(rng, spec.dIn() * spec.dSae(), 0.6));
    s.put("b_dec", gaussian(rng, spec.dIn(), 0.3));
    if (s.containsKey("log_threshold")) {
      float[] lt = new float[spec.dSae()];
      for (int i = 0; i < lt.length; i++) {
        lt[i] = (float) Math.log(0.3 + 0.5 * rng.nextDouble());
      }
      s.put("log_threshold", lt);
    }
    return s;
  }

  static float[] uniform(SplittableRandom rng, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextDouble(-bound, bound);
    }
    return v;
  }

  static float[] gaussian(SplittableRandom rng, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (std * rng.nextGaussian());
    }
    return v;
  }

  static double maxAbs(double[] v) {
    double mx = 0;
    for (double x : v) {
      mx = Math.max(mx, Math.abs(x));
    }
    return mx;
  }

  /**
   * Elementwise {@code |actual - expected| <= rtol * (|expected| + floor * max|expected|)}: a
   * relative tolerance, softened for entries far below the array's scale.
   */
  static void assertClose(String what, float[] actual, double[] expected, double rtol, double floor) {
    if (actual.length != expected.length) {
      fail(what + ": length " + actual.length + " != " + expected.length);
    }
    double scale = maxAbs(expected);
    for (int i = 0; i < actual.length; i++) {
      double tol = rtol * (Math.abs(expected[i]) + floor * scale) + 1e-12;
      if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
        fail(String.format("%s[%d]: got %.9g, expected %.9g (tol %.3g, scale %.3g)",
            what, i, actual[i], expected[i], tol, scale));
      }
    }
  }

  static void assertClose(String what, double actual, double expected, double tol) {
    if (!(Math.abs(actual - expected) <= tol)) {
      fail(String.format("%s: got %.9g, expected %.9g (tol %.3g)", what, actual, expected, tol));
    }
  }

  static double[] toDouble(float[] v) {
    return ReferenceSae.vector(v);
  }
}
