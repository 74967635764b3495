package io.vista.core.sae;

import static io.vista.core.sae.SaeTestSupport.D;
import static io.vista.core.sae.SaeTestSupport.ROWS;
import static io.vista.core.sae.SaeTestSupport.randomBatch;
import static io.vista.core.sae.SaeTestSupport.randomizeParams;
import static io.vista.core.sae.SaeTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.types.TFloat32;

/**
 * The dead-feature tracker: a feature's counter counts consecutive training batches in which it
 * never fired and resets when it fires; dead means counter &gt;= n_batches_to_dead; evaluation
 * and encoding never advance it.
 */
class DeadFeatureTrackerTest {

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk"})
  void countsConsecutiveSilentBatchesAndResetsOnFiring(String variant) {
    // A learning rate so small that the weights, hence the firing pattern, stay put.
    SaeSpec spec =
        SaeTestSupport.smallSpec(variant).toBuilder().nBatchesToDead(3).learningRate(1e-12).build();
    float[] xf = randomBatch(ROWS, D, 5);
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1);
        TFloat32 x = SaeTestSupport.tensor(xf, ROWS, D)) {
      Map<String, float[]> state = new LinkedHashMap<>(randomizeParams(spec, s.state(), 4));
      float[] bEnc = state.get("b_enc").clone();
      bEnc[0] = -100; // features 0 and 1 can never fire
      bEnc[1] = -100;
      state.put("b_enc", bEnc);
      s.loadState(state);
      boolean[] fired = firing(spec, state, xf);
      assertEquals(false, fired[0]);
      float[] expected = new float[spec.dSae()];
      for (int step = 1; step <= 4; step++) {
        StepMetrics metrics = s.trainStep(x);
        int dead = 0;
        for (int f = 0; f < expected.length; f++) {
          expected[f] = fired[f] ? 0 : expected[f] + 1;
          dead += expected[f] >= 3 ? 1 : 0;
        }
        assertArrayEquals(expected, s.state().get(SparseAutoencoder.DEAD_COUNTER), "step " + step);
        assertEquals(dead, metrics.numDead(), "step " + step);
      }
      // Evaluation and encoding read the tracker but leave it alone.
      EvalMetrics eval = s.evaluate(x);
      s.forward(x, true).close();
      assertArrayEquals(expected, s.state().get(SparseAutoencoder.DEAD_COUNTER));
      assertEquals(countAtLeast(expected, 3), eval.numDead());

      // Feature 0 starts firing: its counter resets, feature 1 keeps counting.
      Map<String, float[]> revived = new LinkedHashMap<>(s.state());
      float[] b = revived.get("b_enc").clone();
      b[0] = 100;
      revived.put("b_enc", b);
      s.loadState(revived);
      s.trainStep(x);
      float[] counter = s.state().get(SparseAutoencoder.DEAD_COUNTER);
      assertEquals(0f, counter[0]);
      assertEquals(5f, counter[1]);
    }
  }

  private static boolean[] firing(SaeSpec spec, Map<String, float[]> state, float[] x) {
    ReferenceSae.Output out = new ReferenceSae(spec, state).run(rows(x, ROWS, D), true);
    boolean[] fired = new boolean[spec.dSae()];
    for (int f = 0; f < fired.length; f++) {
      fired[f] = out.newCounter()[f] == 0;
    }
    return fired;
  }

  private static int countAtLeast(float[] v, float limit) {
    int n = 0;
    for (float x : v) {
      n += x >= limit ? 1 : 0;
    }
    return n;
  }
}
