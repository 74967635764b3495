package io.vista.core.sae;

import static io.vista.core.sae.SaeTestSupport.D;
import static io.vista.core.sae.SaeTestSupport.ROWS;
import static io.vista.core.sae.SaeTestSupport.assertClose;
import static io.vista.core.sae.SaeTestSupport.randomBatch;
import static io.vista.core.sae.SaeTestSupport.rows;
import static io.vista.core.sae.SaeTestSupport.smallSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import io.vista.core.internal.graph.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.types.TFloat32;

/** Session-level behaviour: building, evaluation, encoding, state I/O, determinism. */
class SaeSessionTest {
  private static final List<String> VARIANTS = List.of("vanilla", "topk", "batchtopk", "jumprelu");

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void everyVariantBuildsDifferentiatesAndRuns(String variant) {
    SaeSpec spec = SaeSpec.builder(variant, 16, 64).topK(4).build();
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 3), 0, 0);
        TFloat32 x = Tensors.of(randomBatch(32, 16, 1), 32, 16)) {
      List<String> expected = new ArrayList<>(List.of("W_enc", "b_enc", "W_dec", "b_dec"));
      if (variant.equals("jumprelu")) {
        expected.add("log_threshold");
      }
      assertEquals(expected, s.trainableNames());
      List<String> names = new ArrayList<>(expected);
      if (variant.equals("batchtopk")) {
        names.add("threshold");
      }
      names.add("num_batches_not_active");
      expected.forEach(p -> names.add("adam/m/" + p));
      expected.forEach(p -> names.add("adam/v/" + p));
      names.add("adam/step");
      assertEquals(names, List.copyOf(s.stateShapes().keySet()));
      assertArrayEquals(new long[] {16, 64}, s.stateShapes().get("W_enc"));
      assertArrayEquals(new long[] {64, 16}, s.stateShapes().get("W_dec"));
      assertArrayEquals(new long[0], s.stateShapes().get("adam/step"));

      StepMetrics m = s.trainStep(x);
      assertTrue(Float.isFinite(m.loss()) && m.loss() > 0);
      assertTrue(m.gradNorm() > 0);
      if (variant.equals("topk")) {
        assertEquals(4f, m.l0());
      }
      if (variant.equals("batchtopk")) {
        assertEquals(4f, m.l0(), 1e-6);
      }
      assertEquals(1f, s.state().get("adam/step")[0]);
      try (ForwardOutputs out = s.forward(x, true)) {
        assertEquals(List.of(32L, 64L), List.of(out.acts().shape().get(0), out.acts().shape().get(1)));
        assertEquals(List.of(32L, 16L), List.of(out.recon().shape().get(0), out.recon().shape().get(1)));
      }
      try (ForwardOutputs out = s.forward(x, false)) {
        assertEquals(null, out.recon());
      }
      assertTrue(Float.isFinite(s.evaluate(x).loss()));
    }
  }

  /** A float16 batch converted by the graph trains exactly as the same values fed as float32. */
  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void float16BatchesTrainAsTheirFloat32Values(String variant) {
    SaeSpec spec = SaeSpec.builder(variant, 16, 64).topK(4).build();
    try (SaeSession a = new SaeSession(spec, SaeWeights.initialize(spec, 3), 0, 0);
        SaeSession b = new SaeSession(spec, SaeWeights.initialize(spec, 3), 0, 0)) {
      for (int step = 0; step < 3; step++) {
        float[] x = randomBatch(32, 16, 40 + step);
        short[] half = new short[x.length];
        for (int i = 0; i < x.length; i++) {
          half[i] = io.vista.core.data.Float16.fromFloat(x[i]);
          x[i] = io.vista.core.data.Float16.toFloat(half[i]); // the values float16 can hold
        }
        StepMetrics m32;
        StepMetrics m16;
        try (TFloat32 t32 = Tensors.of(x, 32, 16);
            org.tensorflow.types.TFloat16 t16 = org.tensorflow.types.TFloat16.tensorOf(
                org.tensorflow.ndarray.Shape.of(32, 16), t -> t.asRawTensor().data().asShorts().write(half))) {
          m32 = a.trainStep(t32);
          m16 = b.trainStep(t16);
        }
        assertEquals(m32, m16, variant + " step " + step);
      }
      Map<String, float[]> sa = a.state();
      Map<String, float[]> sb = b.state();
      for (String k : sa.keySet()) {
        assertArrayEquals(sa.get(k), sb.get(k), variant + " " + k);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "batchtopk-threshold", "jumprelu"})
  void evaluateAndForwardMatchReferenceAndChangeNothing(String name) {
    String variant = name.replace("-threshold", "");
    SaeSpec spec = smallSpec(variant);
    if (name.endsWith("-threshold")) {
      spec = spec.toBuilder().inference("threshold").build();
    }
    Map<String, float[]> state =
        new LinkedHashMap<>(SaeFiniteDifferenceTest.stateWithDeadFeatures(spec, 21));
    if (state.containsKey("threshold")) {
      float[] t = new float[spec.dSae()];
      for (int f = 0; f < t.length; f++) {
        t[f] = 0.1f * (f % 5);
      }
      state.put("threshold", t);
    }
    float[] xf = randomBatch(ROWS, D, 8);
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1);
        TFloat32 x = SaeTestSupport.tensor(xf, ROWS, D)) {
      s.loadState(state);
      EvalMetrics e = s.evaluate(x);
      float[] acts;
      float[] recon;
      try (ForwardOutputs out = s.forward(x, true)) {
        acts = Tensors.toArray(out.acts());
        recon = Tensors.toArray(out.recon());
      }
      Map<String, float[]> after = s.state();
      for (String k : state.keySet()) {
        assertArrayEquals(state.get(k), after.get(k), k + " changed by evaluation");
      }

      double[][] xs = rows(xf, ROWS, D);
      ReferenceSae.Output ref = new ReferenceSae(spec, state).run(xs, false);
      double[] expActs = ReferenceSae.flat(ref.acts());
      double[] expRecon = ReferenceSae.flat(ref.recon());
      double l0 = ref.l0();
      if (name.endsWith("-threshold")) {
        // acts = pre * (pre > threshold), independent of the batch.
        float[] t = state.get("threshold");
        double count = 0;
        double[][] a = new double[ROWS][spec.dSae()];
        for (int i = 0; i < ROWS; i++) {
          for (int f = 0; f < spec.dSae(); f++) {
            double p = ref.pre()[i][f];
            a[i][f] = p > t[f] ? p : 0;
            count += a[i][f] > 0 ? 1 : 0;
          }
        }
        expActs = ReferenceSae.flat(a);
        l0 = count / ROWS;
        expRecon = decode(state, a, spec);
      }
      assertClose(name + " acts", acts, expActs, 1e-5, 1e-3);
      assertClose(name + " recon", recon, expRecon, 1e-5, 1e-3);
      assertEquals(l0, e.l0(), 1e-6);
      assertEquals(ROWS, e.rows());
      double sse = 0;
      double cos = 0;
      for (int i = 0; i < ROWS; i++) {
        double dot = 0;
        double nx = 0;
        double nr = 0;
        for (int j = 0; j < D; j++) {
          double r = expRecon[i * D + j];
          sse += (r - xs[i][j]) * (r - xs[i][j]);
          dot += r * xs[i][j];
          nx += xs[i][j] * xs[i][j];
          nr += r * r;
        }
        cos += dot / Math.sqrt(nx * nr);
      }
      assertClose("sse", e.sumSquaredError(), sse, 1e-5 * sse);
      assertClose("l2", e.l2Loss(), sse / (ROWS * D), 1e-5 * sse / (ROWS * D));
      assertClose("cosine", e.cosineSim(), cos / ROWS, 1e-5);
      if (!name.endsWith("-threshold")) {
        assertClose("loss", e.loss(), ref.loss(), 1e-5 * ref.loss());
        assertClose("aux", e.auxLoss(), ref.aux(), 1e-5 * ref.aux() + 1e-9);
        assertEquals(ref.numDead(), e.numDead());
      }
      double ssd = 0;
      for (int j = 0; j < D; j++) {
        double mean = 0;
        for (double[] row : xs) {
          mean += row[j];
        }
        assertClose("column sum " + j, e.columnSums()[j], mean, 1e-5);
        mean /= ROWS;
        for (double[] row : xs) {
          ssd += (row[j] - mean) * (row[j] - mean);
        }
      }
      assertClose("ssd", e.sumSquaredDeviation(), ssd, 1e-5 * ssd);
    }
  }

  @Test
  void sameSeedGivesSameWeightsAfterTraining() {
    for (String variant : VARIANTS) {
      SaeSpec spec = SaeSpec.builder(variant, 32, 128).topK(8).learningRate(1e-3).build();
      Map<String, float[]> a = train(spec, 11, null, 0, 4);
      Map<String, float[]> b = train(spec, 11, null, 0, 4);
      for (String k : a.keySet()) {
        assertArrayEquals(a.get(k), b.get(k), variant + " " + k);
      }
      Map<String, float[]> c = train(spec, 12, null, 0, 4);
      assertFalse(java.util.Arrays.equals(a.get("W_enc"), c.get("W_enc")), "seed matters");
    }
  }

  @Test
  void loadStateRoundTripContinuesIdentically() {
    for (String variant : VARIANTS) {
      SaeSpec spec = SaeSpec.builder(variant, 32, 128).topK(8).learningRate(1e-3).build();
      Map<String, float[]> mid = train(spec, 11, null, 0, 2);
      Map<String, float[]> straight = train(spec, 11, null, 0, 4);
      Map<String, float[]> resumed = train(spec, 99, mid, 2, 4);
      for (String k : straight.keySet()) {
        assertArrayEquals(straight.get(k), resumed.get(k), variant + " " + k);
      }
    }
  }

  @Test
  void weightsExportParametersAndThresholds() {
    SaeSpec spec = smallSpec("jumprelu");
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1)) {
      Map<String, float[]> st = new LinkedHashMap<>(s.state());
      st.put("log_threshold", new float[] {0, 1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 2});
      s.loadState(st);
      SaeWeights w = s.weights();
      assertEquals(List.of("W_enc", "b_enc", "W_dec", "b_dec", "log_threshold", "threshold"), List.copyOf(w.names()));
      assertEquals((float) Math.exp(1), w.get("threshold")[1]);
      assertEquals((float) Math.exp(2), w.get("threshold")[11]);
      assertArrayEquals(st.get("W_dec"), w.get("W_dec"));
    }
    SaeSpec b = smallSpec("batchtopk");
    try (SaeSession s = new SaeSession(b, SaeWeights.initialize(b, 1), 1, 1)) {
      assertEquals(SaeWeights.UNSET_THRESHOLD, s.weights().get("threshold")[0]);
    }
  }

  @Test
  void rejectsBadBatchesAndStates() {
    SaeSpec spec = smallSpec("topk");
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 1, 1);
        TFloat32 wrong = Tensors.of(new float[12], 2, 6)) {
      VistaException e = assertThrows(VistaException.class, () -> s.trainStep(wrong));
      assertTrue(e.getMessage().contains("[2, 6]") && e.getMessage().contains("5"), e.getMessage());
      Map<String, float[]> st = new LinkedHashMap<>(s.state());
      st.remove("adam/step");
      e = assertThrows(VistaException.class, () -> s.loadState(st));
      assertTrue(e.getMessage().contains("adam/step"), e.getMessage());
      Map<String, float[]> st2 = new LinkedHashMap<>(s.state());
      st2.put("b_enc", new float[3]);
      e = assertThrows(VistaException.class, () -> s.loadState(st2));
      assertTrue(e.getMessage().contains("b_enc") && e.getMessage().contains("3"), e.getMessage());
    }
    SaeSpec sparse = spec.toBuilder().sparseDecoder("on").build();
    VistaException e =
        assertThrows(
            VistaException.class, () -> new SaeSession(sparse, SaeWeights.initialize(sparse, 1), 1, 1));
    assertTrue(e.getMessage().contains("sparse_decoder"), e.getMessage());
  }

  /** Trains {@code seed}-initialised (or {@code start}-loaded) weights over batches from..to-1. */
  private static Map<String, float[]> train(
      SaeSpec spec, long seed, Map<String, float[]> start, int from, int to) {
    try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, seed), 0, 0)) {
      if (start != null) {
        s.loadState(start);
        Map<String, float[]> loaded = s.state();
        for (String k : start.keySet()) {
          assertArrayEquals(start.get(k), loaded.get(k), k);
        }
      }
      for (int step = from; step < to; step++) {
        try (TFloat32 x = Tensors.of(randomBatch(256, spec.dIn(), 1000 + step), 256, spec.dIn())) {
          s.trainStep(x);
        }
      }
      return s.state();
    }
  }

  private static double[] decode(Map<String, float[]> state, double[][] acts, SaeSpec spec) {
    double[][] w = ReferenceSae.matrix(state.get("W_dec"), spec.dSae(), spec.dIn());
    float[] b = state.get("b_dec");
    double[] out = new double[acts.length * spec.dIn()];
    for (int i = 0; i < acts.length; i++) {
      for (int j = 0; j < spec.dIn(); j++) {
        double s = b[j];
        for (int f = 0; f < spec.dSae(); f++) {
          s += acts[i][f] * w[f][j];
        }
        out[i * spec.dIn() + j] = s;
      }
    }
    return out;
  }
}
