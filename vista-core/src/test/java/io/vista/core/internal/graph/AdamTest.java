package io.vista.core.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vista.core.VistaException;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** In-graph Adam against torch's formula evaluated by hand in float64. */
class AdamTest {
  @Test
  void matchesTorchFormulaOverSeveralSteps() {
    double lr = 0.05;
    float[] p = {0.5f, -1.25f, 3f};
    float[] g = {0.2f, -3f, 1e-6f};
    float[] m = {0.01f, 0f, -0.5f};
    float[] v = {1e-4f, 0f, 0.25f};
    for (int t = 1; t <= 3; t++) {
      Adam.Settings s = Adam.Settings.withLearningRate(lr);
      float[][] got = run(s, t, p, g, m, v);
      for (int i = 0; i < p.length; i++) {
        double m1 = 0.9 * m[i] + 0.1 * g[i];
        double v1 = 0.999 * v[i] + 0.001 * g[i] * (double) g[i];
        double stepSize = lr / (1 - Math.pow(0.9, t));
        double denom = Math.sqrt(v1) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
        double p1 = p[i] - stepSize * m1 / denom;
        assertEquals(p1, got[0][i], 1e-6 * Math.max(1, Math.abs(p1)), "param " + i + " step " + t);
        assertEquals(m1, got[1][i], 1e-7 * Math.max(1, Math.abs(m1)));
        assertEquals(v1, got[2][i], 1e-7 * Math.max(1e-3, Math.abs(v1)));
      }
      p = got[0];
      m = got[1];
      v = got[2];
    }
  }

  @Test
  void firstStepMovesEachCoordinateByAboutTheLearningRate() {
    // Bias correction at t = 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps).
    float[][] got = run(Adam.Settings.withLearningRate(0.01), 1, new float[] {1f, 1f}, new float[] {4f, -0.001f}, new float[2], new float[2]);
    assertEquals(1 - 0.01, got[0][0], 1e-6);
    assertEquals(1 + 0.01, got[0][1], 1e-6);
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(VistaException.class, () -> Adam.Settings.withLearningRate(0));
    assertThrows(VistaException.class, () -> new Adam.Settings(1e-3, 1.0, 0.999, 1e-8));
  }

  private static float[][] run(Adam.Settings s, int t, float[] p, float[] g, float[] m, float[] v) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Adam.StepScalars sc = Adam.stepScalars(tf, s, tf.constant((float) t));
      Adam.Update u =
          Adam.update(tf, s, sc, tf.constant(p), tf.constant(g), tf.constant(m), tf.constant(v));
      try (Result r = session.runner().fetch(u.param()).fetch(u.m()).fetch(u.v()).run()) {
        return new float[][] {
          Tensors.toArray((TFloat32) r.get(0)), Tensors.toArray((TFloat32) r.get(1)),
          Tensors.toArray((TFloat32) r.get(2))
        };
      }
    }
  }
}
