package io.vista.core.sae;

import static io.vista.core.sae.SaeTestSupport.D;
import static io.vista.core.sae.SaeTestSupport.ROWS;
import static io.vista.core.sae.SaeTestSupport.assertClose;
import static io.vista.core.sae.SaeTestSupport.randomBatch;
import static io.vista.core.sae.SaeTestSupport.randomizeParams;
import static io.vista.core.sae.SaeTestSupport.rows;
import static io.vista.core.sae.SaeTestSupport.smallSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.types.TFloat32;

/**
 * The graph's gradient of every parameter equals an independent plain-Java (float64) analytic
 * gradient ({@link ReferenceSae}), including AuxK with features forced dead and JumpReLU's
 * threshold pseudo-derivatives.
 */
class SaeGradientTest {
  private static final double RTOL = 1e-4;
  private static final double FLOOR = 1e-2;

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void gradientsMatchPlainJava(String variant) {
    SaeSpec spec = smallSpec(variant);
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1)) {
      for (long seed = 1; seed <= 3; seed++) {
        Map<String, float[]> state = randomizeParams(spec, s.state(), seed);
        float[] x = randomBatch(ROWS, D, 100 + seed);
        ReferenceSae.Output ref = new ReferenceSae(spec, state).run(rows(x, ROWS, D), true);
        assertEquals(0, ref.numDead());
        compare(s, spec, state, x, ref, variant + " seed " + seed);
        if (variant.equals("jumprelu")) {
          // The threshold gradient is only tested if some pre-activation sits inside the kernel.
          assertTrue(SaeTestSupport.maxAbs(ref.grads().get("log_threshold")) > 1e-3);
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"topk, 2", "topk, 50", "batchtopk, 2", "batchtopk, 50"})
  void auxKGradientsMatchWithDeadFeatures(String variant, int topKAux) {
    SaeSpec spec = smallSpec(variant).toBuilder().topKAux(topKAux).build();
    int cases = 0;
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1)) {
      for (long seed = 1; seed <= 40 && cases < 3; seed++) {
        Map<String, float[]> state = randomizeParams(spec, s.state(), seed);
        float[] x = randomBatch(ROWS, D, 200 + seed);
        double[][] xs = rows(x, ROWS, D);
        ReferenceSae.Output fresh = new ReferenceSae(spec, state).run(xs, true);
        // Features silent on this batch but with some positive pre-activation: candidates for
        // AuxK. Counter n-1 makes them dead only once this batch is counted (the Python updates
        // the tracker before the aux loss); counter n+3 makes them dead regardless.
        float[] counter = new float[spec.dSae()];
        int silent = 0;
        boolean firingSet = false;
        for (int f = 0; f < spec.dSae(); f++) {
          boolean fired = fresh.newCounter()[f] == 0;
          boolean positive = false;
          for (double[] row : fresh.pre()) {
            positive |= row[f] > 0;
          }
          if (!fired && positive) {
            counter[f] = silent % 2 == 0 ? spec.nBatchesToDead() - 1 : spec.nBatchesToDead() + 3;
            silent++;
          } else if (fired && !firingSet) {
            counter[f] = spec.nBatchesToDead() + 7; // fires now: resets, not dead
            firingSet = true;
          }
        }
        if (silent < 3) {
          continue;
        }
        state = new LinkedHashMap<>(state);
        state.put(SparseAutoencoder.DEAD_COUNTER, counter);
        ReferenceSae.Output ref = new ReferenceSae(spec, state).run(xs, true);
        assertEquals(silent, ref.numDead());
        assertTrue(ref.aux() > 0);
        compare(s, spec, state, x, ref, variant + " aux seed " + seed);
        cases++;
      }
    }
    assertEquals(3, cases, "not enough seeds with dead features");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void gradientsMatchAtAMultiThreadedSize(String variant) {
    // Large enough for TensorFlow to shard the kernels over threads; silent features dead.
    int d = 32;
    int m = 160;
    int rows = 96;
    SaeSpec spec =
        SaeSpec.builder(variant, d, m).topK(6).topKAux(9).auxPenalty(0.25).nBatchesToDead(3)
            .l1Coeff(0.01).l0Coeff(0.01).bandwidth(0.3).build();
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 0, 0)) {
      Map<String, float[]> state = randomizeParams(spec, s.state(), 31);
      float[] x = randomBatch(rows, d, 32);
      double[][] xs = rows(x, rows, d);
      ReferenceSae.Output fresh = new ReferenceSae(spec, state).run(xs, true);
      float[] counter = new float[m];
      for (int f = 0; f < m; f++) {
        counter[f] = fresh.newCounter()[f] > 0 ? 10 : 0;
      }
      state = new LinkedHashMap<>(state);
      state.put(SparseAutoencoder.DEAD_COUNTER, counter);
      ReferenceSae.Output ref = new ReferenceSae(spec, state).run(xs, true);
      if (spec.hasTopK()) {
        assertTrue(ref.numDead() > spec.topKAux() && ref.aux() > 0, "AuxK active and selecting");
      }
      s.loadState(state);
      try (TFloat32 xt = SaeTestSupport.tensor(x, rows, d)) {
        Map<String, float[]> grads = s.rawGradients(xt);
        for (String p : grads.keySet()) {
          assertClose(variant + " d/d " + p, grads.get(p), ref.grads().get(p), RTOL, FLOOR);
        }
      }
    }
  }

  private static void compare(
      SaeSession s, SaeSpec spec, Map<String, float[]> state, float[] x, ReferenceSae.Output ref,
      String label) {
    s.loadState(state);
    try (TFloat32 xt = SaeTestSupport.tensor(x, ROWS, D)) {
      Map<String, float[]> grads = s.rawGradients(xt);
      assertEquals(ref.grads().keySet(), grads.keySet(), label);
      for (String p : grads.keySet()) {
        assertClose(label + " d/d " + p, grads.get(p), ref.grads().get(p), RTOL, FLOOR);
      }
    }
  }
}
