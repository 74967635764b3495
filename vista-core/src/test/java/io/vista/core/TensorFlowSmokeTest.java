package io.vista.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The native binary loads and a MatMul runs: the ground every graph test stands on. */
class TensorFlowSmokeTest {
  @Test
  void matMulRuns() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var a = tf.constant(new float[][] {{1f, 2f}, {3f, 4f}});
      var b = tf.constant(new float[][] {{5f}, {6f}});
      var c = tf.linalg.matMul(a, b);
      try (TFloat32 out = (TFloat32) s.runner().fetch(c).run().get(0)) {
        assertEquals(Shape.of(2, 1), out.shape());
        assertEquals(17f, out.getFloat(0, 0));
        assertEquals(39f, out.getFloat(1, 0));
      }
    }
  }
}
