package io.vista.core.internal.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vista.core.VistaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Tensors, RowNorm, StraightThrough and VariableSet. */
class GraphHelpersTest {
  @Test
  void tensorsRoundTripAndValidateShape() {
    float[] v = {1, 2, 3, 4, 5, 6};
    try (TFloat32 t = Tensors.of(v, 2, 3)) {
      assertEquals(3f, t.getFloat(0, 2));
      assertEquals(4f, t.getFloat(1, 0));
      assertArrayEquals(v, Tensors.toArray(t));
    }
    try (TFloat32 s = Tensors.of(new float[] {7}, new long[0])) {
      assertEquals(7f, s.getFloat());
    }
    VistaException e = assertThrows(VistaException.class, () -> Tensors.of(v, 4, 2));
    assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("6"), e.getMessage());
  }

  @Test
  void rowNormNormalisesAndProjects() {
    try (Graph graph = new Graph();
        Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> unit = RowNorm.normalize(tf, tf.constant(new float[][] {{3, 4}, {0, 0}, {0, 2}}));
      Operand<TFloat32> proj =
          RowNorm.removeParallel(tf, tf.constant(new float[][] {{1, 1}, {5, 5}, {7, 7}}), unit);
      try (Result r = s.runner().fetch(unit).fetch(proj).run()) {
        // Zero rows stay zero (norm clamped at eps), as torch's F.normalize.
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 0, 1}, Tensors.toArray(r.get(0)), 1e-7f);
        // g - (g.u)u: row 0: (1,1) - 1.4 (0.6,0.8) = (0.16, -0.12); row 1 unchanged; row 2 (7,0).
        assertArrayEquals(new float[] {0.16f, -0.12f, 5, 5, 7, 0}, Tensors.toArray(r.get(1)), 1e-6f);
      }
    }
  }

  @Test
  void straightThroughGradients() {
    try (Graph graph = new Graph();
        Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class);
      // y = sum(select(x, x > 1) * 3) + sum(valueZero(p, [2, -5]))
      Operand<TFloat32> sel = StraightThrough.select(tf, x, tf.math.greater(x, tf.constant(1f)));
      Operand<TFloat32> zero = StraightThrough.valueZeroTerm(tf, p, tf.constant(new float[] {2, -5}));
      Operand<TFloat32> y =
          tf.math.add(
              tf.sum(tf.math.mul(sel, tf.constant(3f)), tf.constant(0)), tf.sum(zero, tf.constant(0)));
      var grads = tf.gradients(y, List.of(x, p));
      try (TFloat32 xv = Tensors.of(new float[] {0.5f, 2f, 3f}, 3);
          TFloat32 pv = Tensors.of(new float[] {10f, -4f}, 2);
          Result r = s.runner().feed(x, xv).feed(p, pv).fetch(y).fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
        assertEquals(15f, ((TFloat32) r.get(0)).getFloat()); // the value-zero term adds exactly 0
        assertArrayEquals(new float[] {0, 3, 3}, Tensors.toArray(r.get(1)));
        assertArrayEquals(new float[] {2, -5}, Tensors.toArray(r.get(2)));
      }
    }
  }

  @Test
  void variableSetLoadsFetchesAndValidates() {
    try (Graph graph = new Graph();
        Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableSet vars = new VariableSet();
      vars.add(tf, "a", 2, 2);
      vars.add(tf, "b");
      assertThrows(VistaException.class, () -> vars.add(tf, "a", 1));
      Operand<TFloat32> sum = tf.math.add(tf.sum(vars.read(tf, "a"), tf.constant(new int[] {0, 1})), vars.read(tf, "b"));
      var assign = vars.assign(tf, "b", sum);
      Map<String, float[]> st = new LinkedHashMap<>();
      st.put("a", new float[] {1, 2, 3, 4});
      st.put("b", new float[] {0.5f});
      vars.load(s, st);
      s.runner().addTarget(assign).run().close();
      Map<String, float[]> out = vars.fetch(s);
      assertArrayEquals(new float[] {1, 2, 3, 4}, out.get("a"));
      assertArrayEquals(new float[] {10.5f}, out.get("b"));
      assertEquals(List.of("a", "b"), vars.names());
      assertArrayEquals(new long[0], vars.shapes().get("b"));

      st.put("a", new float[] {1, 2, 3});
      VistaException e = assertThrows(VistaException.class, () -> vars.load(s, st));
      assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("[2, 2]"), e.getMessage());
      Map<String, float[]> extra = Map.of("a", new float[4], "b", new float[1], "c", new float[1]);
      e = assertThrows(VistaException.class, () -> vars.load(s, extra));
      assertTrue(e.getMessage().contains("[c]"), e.getMessage());
      assertThrows(VistaException.class, () -> vars.read(tf, "zz"));
    }
  }
}
