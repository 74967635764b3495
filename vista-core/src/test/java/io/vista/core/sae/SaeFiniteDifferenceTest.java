package io.vista.core.sae;

import static io.vista.core.sae.SaeTestSupport.D;
import static io.vista.core.sae.SaeTestSupport.ROWS;
import static io.vista.core.sae.SaeTestSupport.randomBatch;
import static io.vista.core.sae.SaeTestSupport.randomizeParams;
import static io.vista.core.sae.SaeTestSupport.rows;
import static io.vista.core.sae.SaeTestSupport.smallSpec;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.types.TFloat32;

/**
 * Central finite differences agree with the analytic gradients on the smooth parts of the loss
 * (selection masks fixed: perturbations too small to change them). JumpReLU's {@code
 * log_threshold} gradient is a pseudo-derivative and has no finite-difference counterpart; it is
 * checked against its formula in {@link SaeGradientTest}.
 *
 * <p>Two checks: the float64 reference's own analytic gradient against its finite differences
 * (every coordinate, tight), and the graph's gradient against finite differences of the graph's
 * float32 loss (the largest coordinates of each parameter, looser).
 */
class SaeFiniteDifferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void referenceGradientMatchesFiniteDifferences(String variant) {
    SaeSpec spec = smallSpec(variant);
    Map<String, float[]> state = stateWithDeadFeatures(spec, 5);
    double[][] x = rows(randomBatch(ROWS, D, 55), ROWS, D);
    ReferenceSae ref = new ReferenceSae(spec, state);
    ReferenceSae.Output base = ref.run(x, false);
    if (spec.hasTopK()) {
      assertTrue(base.aux() > 0, "the AuxK term should be active in this fixture");
    }
    double eps = 1e-6;
    for (String p : List.of("W_enc", "b_enc", "W_dec", "b_dec")) {
      double[] g = base.grads().get(p);
      double scale = SaeTestSupport.maxAbs(g);
      for (int i = 0; i < g.length; i++) {
        double saved = get(ref, p, i);
        set(ref, p, i, saved + eps);
        double up = ref.run(x, false).loss();
        set(ref, p, i, saved - eps);
        double down = ref.run(x, false).loss();
        set(ref, p, i, saved);
        double fd = (up - down) / (2 * eps);
        if (Math.abs(fd - g[i]) > 1e-6 * (Math.abs(g[i]) + scale)) {
          fail(String.format("%s %s[%d]: analytic %.10g, finite difference %.10g", variant, p, i, g[i], fd));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void graphGradientMatchesFiniteDifferencesOfGraphLoss(String variant) {
    SaeSpec spec = smallSpec(variant);
    Map<String, float[]> state = stateWithDeadFeatures(spec, 5);
    float[] xf = randomBatch(ROWS, D, 55);
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1);
        TFloat32 x = SaeTestSupport.tensor(xf, ROWS, D)) {
      s.loadState(state);
      Map<String, float[]> grads = s.rawGradients(x);
      float h = 1e-3f;
      for (String p : List.of("W_enc", "b_enc", "W_dec", "b_dec")) {
        float[] g = grads.get(p);
        double scale = SaeTestSupport.maxAbs(SaeTestSupport.toDouble(g));
        for (int i : largest(g, 3)) {
          Map<String, float[]> st = new LinkedHashMap<>(state);
          float[] v = state.get(p).clone();
          st.put(p, v);
          float saved = v[i];
          v[i] = saved + h;
          float actualUp = v[i] - saved;
          s.loadState(st);
          double up = s.evaluate(x).loss();
          v[i] = saved - h;
          float actualDown = saved - v[i];
          s.loadState(st);
          double down = s.evaluate(x).loss();
          double fd = (up - down) / (actualUp + actualDown);
          if (Math.abs(fd - g[i]) > 3e-3 * Math.abs(g[i]) + 3e-4 * scale) {
            fail(String.format("%s %s[%d]: graph gradient %.7g, finite difference %.7g", variant, p, i, g[i], fd));
          }
        }
      }
    }
  }

  /**
   * A random state in which, for topk and batchtopk, features silent on the test batch but with
   * positive pre-activations are already dead (counter above the limit, so training and
   * evaluation agree on the dead set).
   */
  static Map<String, float[]> stateWithDeadFeatures(SaeSpec spec, long seed) {
    Map<String, float[]> state;
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1)) {
      state = randomizeParams(spec, s.state(), seed);
    }
    if (!spec.hasTopK()) {
      return state;
    }
    double[][] x = rows(randomBatch(ROWS, D, 55), ROWS, D);
    ReferenceSae.Output fresh = new ReferenceSae(spec, state).run(x, true);
    float[] counter = new float[spec.dSae()];
    for (int f = 0; f < spec.dSae(); f++) {
      if (fresh.newCounter()[f] > 0) {
        counter[f] = spec.nBatchesToDead() + 3;
      }
    }
    state = new LinkedHashMap<>(state);
    state.put(SparseAutoencoder.DEAD_COUNTER, counter);
    return state;
  }

  private static List<Integer> largest(float[] g, int n) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingDouble(i -> -Math.abs(g[i])));
    return idx.subList(0, Math.min(n, idx.size()));
  }

  private static double get(ReferenceSae r, String p, int i) {
    return switch (p) {
      case "W_enc" -> r.wEnc[i / r.m][i % r.m];
      case "b_enc" -> r.bEnc[i];
      case "W_dec" -> r.wDec[i / r.d][i % r.d];
      case "b_dec" -> r.bDec[i];
      default -> throw new IllegalArgumentException(p);
    };
  }

  private static void set(ReferenceSae r, String p, int i, double v) {
    switch (p) {
      case "W_enc" -> r.wEnc[i / r.m][i % r.m] = v;
      case "b_enc" -> r.bEnc[i] = v;
      case "W_dec" -> r.wDec[i / r.d][i % r.d] = v;
      case "b_dec" -> r.bDec[i] = v;
      default -> throw new IllegalArgumentException(p);
    }
  }
}
