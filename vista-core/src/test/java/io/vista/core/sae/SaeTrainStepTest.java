package io.vista.core.sae;

import static io.vista.core.sae.SaeTestSupport.D;
import static io.vista.core.sae.SaeTestSupport.ROWS;
import static io.vista.core.sae.SaeTestSupport.assertClose;
import static io.vista.core.sae.SaeTestSupport.randomBatch;
import static io.vista.core.sae.SaeTestSupport.rows;
import static io.vista.core.sae.SaeTestSupport.smallSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.types.TFloat32;

/**
 * One training step's state change equals a plain-Java computation from the same raw gradients:
 * W_dec rows normalised and the gradient's row-parallel component removed (Python {@code
 * make_decoder_weights_and_grad_unit_norm}, before the optimizer), then torch's Adam with bias
 * correction; plus the dead-feature counter, batchtopk's running threshold, and the reported
 * metrics against the float64 reference.
 */
class SaeTrainStepTest {
  private static final double B1 = 0.9;
  private static final double B2 = 0.999;
  private static final double EPS = 1e-8;

  @ParameterizedTest
  @CsvSource({
    "vanilla, true", "vanilla, false", "topk, true", "topk, false", "batchtopk, true",
    "batchtopk, false", "jumprelu, true", "jumprelu, false"
  })
  void stepEqualsPlainJavaAdamAfterProjection(String variant, boolean warmOptimizer) {
    SaeSpec spec = smallSpec(variant);
    Map<String, float[]> state =
        new LinkedHashMap<>(SaeFiniteDifferenceTest.stateWithDeadFeatures(spec, 9));
    SplittableRandom rng = new SplittableRandom(3);
    if (warmOptimizer) {
      // Mid-training optimizer state: non-zero moments, step 3 (this update is step 4).
      for (String key : state.keySet().toArray(new String[0])) {
        if (key.startsWith("adam/m/")) {
          state.put(key, SaeTestSupport.gaussian(rng, state.get(key).length, 0.01));
        } else if (key.startsWith("adam/v/")) {
          float[] v = SaeTestSupport.uniform(rng, state.get(key).length, 1e-3);
          for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
          }
          state.put(key, v);
        }
      }
      state.put("adam/step", new float[] {3});
      if (state.containsKey("threshold")) {
        float[] t = new float[spec.dSae()];
        java.util.Arrays.fill(t, 0.25f);
        state.put("threshold", t);
      }
    }
    float[] xf = randomBatch(ROWS, D, 77);
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1);
        TFloat32 x = SaeTestSupport.tensor(xf, ROWS, D)) {
      s.loadState(state);
      Map<String, float[]> raw = s.rawGradients(x);
      StepMetrics metrics = s.trainStep(x);
      Map<String, float[]> after = s.state();

      double t = state.get("adam/step")[0] + 1;
      double stepSize = spec.learningRate() / (1 - Math.pow(B1, t));
      double bc2Sqrt = Math.sqrt(1 - Math.pow(B2, t));
      double gradSq = 0;
      for (String p : raw.keySet()) {
        double[] value = SaeTestSupport.toDouble(state.get(p));
        double[] g = SaeTestSupport.toDouble(raw.get(p));
        if (p.equals("W_dec")) {
          projectAndNormalise(value, g, spec.dSae(), spec.dIn());
        }
        float[] m0 = state.get("adam/m/" + p);
        float[] v0 = state.get("adam/v/" + p);
        double[] m1 = new double[g.length];
        double[] v1 = new double[g.length];
        double[] p1 = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          gradSq += g[i] * g[i];
          m1[i] = B1 * m0[i] + (1 - B1) * g[i];
          v1[i] = B2 * v0[i] + (1 - B2) * g[i] * g[i];
          p1[i] = value[i] - stepSize * m1[i] / (Math.sqrt(v1[i]) / bc2Sqrt + EPS);
        }
        assertClose(variant + " " + p, after.get(p), p1, 1e-5, 1e-3);
        assertClose(variant + " adam/m/" + p, after.get("adam/m/" + p), m1, 1e-5, 1e-3);
        assertClose(variant + " adam/v/" + p, after.get("adam/v/" + p), v1, 1e-5, 1e-3);
      }
      assertArrayEquals(new float[] {(float) t}, after.get("adam/step"));

      ReferenceSae.Output ref = new ReferenceSae(spec, state).run(rows(xf, ROWS, D), true);
      float[] counter = new float[spec.dSae()];
      for (int f = 0; f < counter.length; f++) {
        counter[f] = (float) ref.newCounter()[f];
      }
      assertArrayEquals(counter, after.get(SparseAutoencoder.DEAD_COUNTER));
      assertClose("loss", metrics.loss(), ref.loss(), 1e-5 * ref.loss());
      assertClose("l2", metrics.l2Loss(), ref.l2(), 1e-5 * ref.l2());
      assertClose("sparsity", metrics.sparsityLoss(), ref.sparsity(), 1e-5 * ref.sparsity() + 1e-9);
      assertClose("aux", metrics.auxLoss(), ref.aux(), 1e-5 * ref.aux() + 1e-9);
      assertEquals(ref.l0(), metrics.l0(), 1e-6);
      assertEquals(ref.numDead(), metrics.numDead());
      assertClose("grad norm", metrics.gradNorm(), Math.sqrt(gradSq), 1e-5 * Math.sqrt(gradSq));

      if (variant.equals("batchtopk")) {
        double kth = ReferenceSae.batchKth(ref.pre(), spec.topK());
        double minKept = Double.POSITIVE_INFINITY;
        for (double[] row : ref.acts()) {
          for (double a : row) {
            if (a > 0) {
              minKept = Math.min(minKept, a);
            }
          }
        }
        assertEquals(kth, minKept, 1e-6, "kept values are those >= the batch threshold");
        double old = state.get("threshold")[0];
        double mom = spec.thresholdMomentum();
        double expected = old < 0 ? minKept : mom * old + (1 - mom) * minKept;
        double[] exp = new double[spec.dSae()];
        java.util.Arrays.fill(exp, expected);
        assertClose("threshold", after.get("threshold"), exp, 1e-5, 0);
      }
    }
  }

  /** W_dec := normalize(W_dec rows); g -= (g . row) row, row by row (in place). */
  static void projectAndNormalise(double[] w, double[] g, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
      double sq = 0;
      for (int c = 0; c < cols; c++) {
        sq += w[r * cols + c] * w[r * cols + c];
      }
      double norm = Math.max(Math.sqrt(sq), 1e-12);
      double dot = 0;
      for (int c = 0; c < cols; c++) {
        w[r * cols + c] /= norm;
        dot += g[r * cols + c] * w[r * cols + c];
      }
      for (int c = 0; c < cols; c++) {
        g[r * cols + c] -= dot * w[r * cols + c];
      }
    }
  }
}
