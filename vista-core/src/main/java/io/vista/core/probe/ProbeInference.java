package io.vista.core.probe;

import io.vista.core.VistaException;
import io.vista.core.internal.graph.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The inference-only graph of a probe: per task, {@code softmax(x W^T + b)} and its arg-max, with
 * the weights as constants. Owned by a {@link ProbeModel}, which serialises calls.
 */
final class ProbeInference implements AutoCloseable {
  private final int inputDim;
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> x;
  private final Map<String, Operand<TFloat32>> probabilities = new LinkedHashMap<>();
  private final Map<String, Operand<TInt64>> classes = new LinkedHashMap<>();

  ProbeInference(ProbeSpec spec, List<String> tasks, Map<String, float[]> weights) {
    this.inputDim = spec.inputDim();
    try {
      Ops tf = Ops.create(graph);
      x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputDim)));
      for (String task : tasks) {
        int c = spec.taskClasses().get(task);
        Operand<TFloat32> w = tf.constant(Shape.of(c, inputDim),
            org.tensorflow.ndarray.buffer.DataBuffers.of(weights.get(ProbeWeights.weightName(task)), true, false));
        Operand<TFloat32> b = tf.constant(Shape.of(c),
            org.tensorflow.ndarray.buffer.DataBuffers.of(weights.get(ProbeWeights.biasName(task)), true, false));
        Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(x, w, MatMul.transposeB(true)), b);
        probabilities.put(task, tf.nn.softmax(logits));
        classes.put(task, tf.math.argMax(logits, tf.constant(1), TInt64.class));
      }
      session = new Session(graph, ConfigProto.getDefaultInstance());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  ProbeModel.Prediction predict(float[] flat, int rows) {
    if (rows < 1) {
      throw new VistaException("predict needs at least one row");
    }
    try (TFloat32 in = Tensors.of(flat, rows, inputDim)) {
      Session.Runner r = session.runner().feed(x, in);
      classes.values().forEach(r::fetch);
      probabilities.values().forEach(r::fetch);
      try (Result res = r.run()) {
        Map<String, int[]> cls = new LinkedHashMap<>();
        Map<String, float[][]> probs = new LinkedHashMap<>();
        int i = 0;
        for (String task : classes.keySet()) {
          TInt64 t = (TInt64) res.get(i++);
          int[] out = new int[rows];
          for (int k = 0; k < rows; k++) {
            out[k] = (int) t.getLong(k);
          }
          cls.put(task, out);
        }
        for (String task : probabilities.keySet()) {
          float[] p = Tensors.toArray(res.get(i++));
          int c = p.length / rows;
          float[][] out = new float[rows][];
          for (int k = 0; k < rows; k++) {
            out[k] = java.util.Arrays.copyOfRange(p, k * c, (k + 1) * c);
          }
          probs.put(task, out);
        }
        return new ProbeModel.Prediction(cls, probs);
      }
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
