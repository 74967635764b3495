package io.vista.core;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/** Hand-computed multipliers, and the graph agreeing with them. */
class LearningRateScheduleTest {
  private static final LearningRateSchedule LINEAR = new LearningRateSchedule(10, "linear", 0.1, 110);
  private static final LearningRateSchedule COSINE = new LearningRateSchedule(10, "cosine", 0.1, 110);
  private static final LearningRateSchedule WARMUP = new LearningRateSchedule(4, "none", 0, 0);

  @Test
  void handComputedValues() {
    assertEquals(0.5, WARMUP.factor(2), 0);
    assertEquals(1.0, WARMUP.factor(4), 0);
    assertEquals(1.0, WARMUP.factor(1000), 0);
    assertEquals(0.5, LINEAR.factor(5), 1e-15);       // warm-up 5/10
    assertEquals(1.0, LINEAR.factor(10), 1e-15);      // decay starts at 1
    assertEquals(0.55, LINEAR.factor(60), 1e-15);     // 0.1 + 0.9 * (1 - 0.5)
    assertEquals(0.1, LINEAR.factor(110), 1e-15);
    assertEquals(0.1, LINEAR.factor(500), 1e-15);     // stays at the floor
    assertEquals(0.55, COSINE.factor(60), 1e-15);     // 0.1 + 0.9 * 0.5 * (1 + cos(pi/2))
    assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), COSINE.factor(35), 1e-15);
    assertEquals(1.0, LearningRateSchedule.CONSTANT.factor(123), 0);
  }

  @Test
  void graphMatchesJava() {
    for (LearningRateSchedule s : new LearningRateSchedule[] {LINEAR, COSINE, WARMUP, LearningRateSchedule.CONSTANT}) {
      try (Graph g = new Graph(); Session session = new Session(g)) {
        Ops tf = Ops.create(g);
        Placeholder<TFloat64> t = tf.placeholder(TFloat64.class);
        var f = s.factor(tf, t);
        for (double step : new double[] {1, 3, 4, 9, 10, 11, 35, 60, 109, 110, 200}) {
          try (TFloat64 in = TFloat64.scalarOf(step);
              TFloat64 out = (TFloat64) session.runner().feed(t, in).fetch(f).run().get(0)) {
            assertEquals(s.factor(step), out.getDouble(), 1e-12, s + " at " + step);
          }
        }
      }
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(VistaException.class, () -> new LearningRateSchedule(-1, "none", 0, 0));
    assertThrows(VistaException.class, () -> new LearningRateSchedule(0, "step", 0, 10));
    assertThrows(VistaException.class, () -> new LearningRateSchedule(0, "linear", 2, 10));
    assertThrows(VistaException.class, () -> new LearningRateSchedule(10, "linear", 0, 10));
  }
}
