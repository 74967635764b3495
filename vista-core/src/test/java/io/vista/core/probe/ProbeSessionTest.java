package io.vista.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import io.vista.core.internal.graph.Tensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** The probe graph against plain-Java softmax cross-entropy maths. */
class ProbeSessionTest {
  private static final int N = 7;
  private static final int D = 5;

  private static ProbeSpec spec() {
    Map<String, Integer> c = new LinkedHashMap<>();
    c.put("age", 4);
    c.put("gender", 2);
    return new ProbeSpec(D, c, 1e-2);
  }

  @Test
  void gradientsMatchPlainJavaCrossEntropy() {
    ProbeSpec spec = spec();
    Map<String, float[]> init = ProbeWeights.initialize(spec, 3);
    Random rnd = new Random(5);
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    Map<String, long[]> labels = Map.of("age", new long[] {0, 3, 1, 2, 2, 0, 3}, "gender", new long[] {1, 0, 0, 1, 1, 0, 1});
    try (ProbeSession s = new ProbeSession(spec, init, Set.of("age", "gender"), 1, 1);
        TFloat32 xt = Tensors.of(x, N, D)) {
      Map<String, float[]> g = s.gradients(xt, labels);
      double totalLoss = 0;
      for (String task : spec.taskClasses().keySet()) {
        int c = spec.taskClasses().get(task);
        float[] w = init.get(task + "_classifier.weight");
        float[] b = init.get(task + "_classifier.bias");
        double[] gw = new double[c * D];
        double[] gb = new double[c];
        long[] y = labels.get(task);
        for (int n = 0; n < N; n++) {
          double[] z = new double[c];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < c; k++) {
            z[k] = b[k];
            for (int j = 0; j < D; j++) {
              z[k] += (double) x[n * D + j] * w[k * D + j];
            }
            max = Math.max(max, z[k]);
          }
          double sum = 0;
          for (int k = 0; k < c; k++) {
            sum += Math.exp(z[k] - max);
          }
          totalLoss += -(z[(int) y[n]] - max - Math.log(sum)) / N;
          for (int k = 0; k < c; k++) {
            // d mean-CE / d logit = (softmax - onehot) / N
            double d = (Math.exp(z[k] - max) / sum - (k == y[n] ? 1 : 0)) / N;
            gb[k] += d;
            for (int j = 0; j < D; j++) {
              gw[k * D + j] += d * x[n * D + j];
            }
          }
        }
        assertClose(gw, g.get(task + "_classifier.weight"));
        assertClose(gb, g.get(task + "_classifier.bias"));
      }
      double squares = 0;
      for (float[] v : g.values()) {
        for (float f : v) {
          squares += (double) f * f;
        }
      }
      Map<String, Double> step = s.trainStep(xt, labels);
      assertEquals(totalLoss, step.get("loss"), 1e-5 * Math.abs(totalLoss));
      assertEquals(Math.sqrt(squares), step.get("grad_norm"), 1e-5 * Math.sqrt(squares), "the Python's train/grad_norm");
    }
  }

  @Test
  void learnsSeparableClasses() {
    ProbeSpec spec = new ProbeSpec(D, Map.of("gender", 2), 5e-2);
    Random rnd = new Random(11);
    int n = 200;
    float[] x = new float[n * D];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextInt(2);
      for (int j = 0; j < D; j++) {
        x[i * D + j] = (float) (rnd.nextGaussian() + (j == 0 ? (y[i] == 1 ? 2 : -2) : 0));
      }
    }
    try (ProbeSession s = new ProbeSession(spec, ProbeWeights.initialize(spec, 1), Set.of("gender"), 1, 1);
        TFloat32 xt = Tensors.of(x, n, D)) {
      double first = s.trainStep(xt, Map.of("gender", y)).get("loss");
      for (int i = 0; i < 200; i++) {
        s.trainStep(xt, Map.of("gender", y));
      }
      ProbeSession.Evaluation e = s.evaluate(xt, Map.of("gender", y));
      assertTrue(e.losses().get("gender") < first / 3, "loss fell from " + first + " to " + e.losses());
      long[] p = e.predictions().get("gender");
      int correct = 0;
      for (int i = 0; i < n; i++) {
        correct += p[i] == y[i] ? 1 : 0;
      }
      assertTrue(correct >= 0.95 * n, "accuracy " + correct + "/" + n);
    }
  }

  @Test
  void stateRoundTripContinuesIdentically() {
    ProbeSpec spec = spec();
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) - 3f;
    }
    Map<String, long[]> labels = Map.of("age", new long[] {0, 1, 2, 3, 0, 1, 2}, "gender", new long[] {0, 1, 0, 1, 0, 1, 0});
    try (ProbeSession a = new ProbeSession(spec, ProbeWeights.initialize(spec, 9), Set.of("age", "gender"), 1, 1);
        ProbeSession b = new ProbeSession(spec, ProbeWeights.initialize(spec, 10), Set.of("age", "gender"), 1, 1);
        TFloat32 xt = Tensors.of(x, N, D)) {
      a.trainStep(xt, labels);
      b.loadState(a.state());
      a.trainStep(xt, labels);
      b.trainStep(xt, labels);
      Map<String, float[]> sa = a.state();
      Map<String, float[]> sb = b.state();
      for (String k : sa.keySet()) {
        assertArrayEquals(sa.get(k), sb.get(k), k);
      }
    }
  }

  @Test
  void warmUpScalesTheFirstAdamStep() {
    // Adam's first update is lr * factor * g / (|g| + eps): a warm-up of 4 steps makes it a quarter.
    ProbeSpec spec = new ProbeSpec(D, Map.of("gender", 2), 1e-2);
    float[] x = new float[N * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 5) - 2f;
    }
    Map<String, long[]> labels = Map.of("gender", new long[] {0, 1, 0, 1, 1, 0, 1});
    Map<String, float[]> init = ProbeWeights.initialize(spec, 4);
    try (ProbeSession plain = new ProbeSession(spec, init, Set.of("gender"), 1, 1);
        ProbeSession warm = new ProbeSession(spec, init, Set.of("gender"), 1, 1,
            new io.vista.core.LearningRateSchedule(4, "none", 0, 0));
        TFloat32 xt = Tensors.of(x, N, D)) {
      plain.trainStep(xt, labels);
      warm.trainStep(xt, labels);
      float[] w0 = init.get("gender_classifier.weight");
      float[] wp = plain.state().get("gender_classifier.weight");
      float[] ww = warm.state().get("gender_classifier.weight");
      for (int i = 0; i < w0.length; i++) {
        double dp = wp[i] - w0[i];
        double dw = ww[i] - w0[i];
        if (Math.abs(dp) > 1e-4) {
          assertEquals(0.25, dw / dp, 1e-3, "weight " + i);
        }
      }
    }
  }

  @Test
  void missingAllTasksIsAnError() {
    assertThrows(VistaException.class,
        () -> new ProbeSession(spec(), ProbeWeights.initialize(spec(), 1), Set.of("race"), 1, 1));
  }

  private static void assertClose(double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4 * Math.max(1e-3, Math.abs(expected[i])), "index " + i);
    }
  }
}
