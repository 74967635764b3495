package io.vista.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.op.sparse.SparseTensorDenseMatMul;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Whether a sparse decoder would beat the dense one on this machine, measured rather than assumed.
 * A topk SAE's activations have k non-zeros per row, so the decoder's three products (forward
 * {@code acts W_dec}, {@code dActs = G W_dec^T}, {@code dW_dec = acts^T G}) could in principle do
 * k/m of the dense work. TensorFlow offers two CPU formulations without a custom kernel; each is
 * timed here on the same activations (k per row, from a per-row TopK of random values) with a fixed
 * upstream gradient {@code G} [rows, d], all held in variables:
 *
 * <ul>
 *   <li><b>dense</b>: the three MatMuls the trainer runs;
 *   <li><b>gather</b>: rows of {@code W_dec} gathered per active entry, {@code [rows, k, d]}, weighted
 *       by a batched product; backward: a batched product for the k values and an
 *       {@code UnsortedSegmentSum} of {@code [rows*k, d]} for {@code dW_dec};
 *   <li><b>sparse</b>: {@code SparseTensorDenseMatMul} forward and for {@code dW_dec} (adjoint), the k
 *       values' gradient by a row gather of {@code G} and {@code W_dec} ({@code [rows*k, d]} each).
 * </ul>
 *
 * The dActs gradient of an SAE is needed at the k active entries only, which both sparse forms
 * exploit; they still lose if their memory traffic ({@code rows·k·d} floats written and read) costs
 * more than the dense products' arithmetic.
 *
 * @param k active features per row
 * @param ms median milliseconds per formulation and part ({@code forward}, {@code backward})
 */
record SparseDecoderProbe(int k, Map<String, Map<String, Double>> ms) {
  private static final int REPS = 5;

  /** Sum of forward and backward for {@code form}. */
  double totalMs(String form) {
    return ms.get(form).values().stream().mapToDouble(Double::doubleValue).sum();
  }

  static SparseDecoderProbe run(int rows, int d, int m, int k, int intraOp, int interOp, PrintStream log) {
    ConfigProto.Builder c = ConfigProto.newBuilder();
    if (intraOp > 0) {
      c.setIntraOpParallelismThreads(intraOp);
    }
    if (interOp > 0) {
      c.setInterOpParallelismThreads(interOp);
    }
    try (Graph g = new Graph(); Session s = new Session(g, c.build())) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> raw = tf.nn.relu(tf.random.statelessRandomNormal(
          tf.constant(new int[] {rows, m}), tf.constant(new long[] {7, 11})));
      TopK<TFloat32, TInt32> top = tf.nn.topK(raw, tf.constant(k), TInt32.class);
      Operand<TFloat32> kth = tf.slice(top.values(), tf.constant(new int[] {0, k - 1}), tf.constant(new int[] {rows, 1}));
      Operand<TFloat32> dense = tf.variable(tf.math.mul(raw,
          tf.dtypes.cast(tf.math.greaterEqual(raw, kth), TFloat32.class)));
      Operand<TFloat32> values = tf.variable(top.values()); // [rows, k]
      Operand<TInt32> idx = tf.variable(top.indices()); // [rows, k]
      Operand<TFloat32> wDec = tf.variable(tf.random.statelessRandomNormal(
          tf.constant(new int[] {m, d}), tf.constant(new long[] {8, 11})));
      Operand<TFloat32> grad = tf.variable(tf.random.statelessRandomNormal(
          tf.constant(new int[] {rows, d}), tf.constant(new long[] {9, 11})));
      // [rows*k, 2] (row, feature) pairs in row-major order, as a SparseTensor wants them (built from the
      // TopK result itself: a variable's initializer must not read another variable)
      Operand<TInt64> rowIds = tf.reshape(tf.math.mul(tf.expandDims(tf.range(tf.constant(0L), tf.constant((long) rows),
          tf.constant(1L)), tf.constant(1)), tf.onesLike(tf.dtypes.cast(top.indices(), TInt64.class))), tf.constant(new int[] {-1}));
      Operand<TInt64> colIds = tf.reshape(tf.dtypes.cast(top.indices(), TInt64.class), tf.constant(new int[] {-1}));
      Operand<TInt64> spIdx = tf.variable(tf.stack(List.of(rowIds, colIds), org.tensorflow.op.core.Stack.axis(1L)));
      Operand<TInt64> rowVar = tf.variable(rowIds);
      Operand<TInt64> colVar = tf.variable(colIds);
      Operand<TFloat32> flatValues = tf.reshape(values, tf.constant(new int[] {-1}));
      Operand<TInt64> shape = tf.constant(new long[] {rows, m});

      Map<String, Map<String, List<Op>>> forms = new LinkedHashMap<>();
      forms.put("dense", Map.of(
          "forward", List.of(tf.linalg.matMul(dense, wDec)),
          "backward", List.of(tf.linalg.matMul(grad, wDec, MatMul.transposeB(true)),
              tf.linalg.matMul(dense, grad, MatMul.transposeA(true)))));

      Operand<TFloat32> gathered = tf.gather(wDec, idx, tf.constant(0)); // [rows, k, d]
      Operand<TFloat32> dValsG = tf.train.batchMatMul(tf.expandDims(grad, tf.constant(1)), gathered, TFloat32.class,
          BatchMatMul.adjY(true)); // [rows, 1, k]
      Operand<TFloat32> outer = tf.reshape(tf.math.mul(tf.expandDims(values, tf.constant(2)),
          tf.expandDims(grad, tf.constant(1))), tf.constant(new int[] {-1, d}));
      forms.put("gather", Map.of(
          "forward", List.of(tf.train.batchMatMul(tf.expandDims(values, tf.constant(1)), gathered, TFloat32.class)),
          "backward", List.of(dValsG, tf.math.unsortedSegmentSum(outer, colVar, tf.constant(m)))));

      Operand<TFloat32> dValsS = tf.sum(tf.math.mul(tf.gather(grad, rowVar, tf.constant(0)),
          tf.gather(wDec, colVar, tf.constant(0))), tf.constant(1));
      forms.put("sparse", Map.of(
          "forward", List.of(tf.sparse.sparseTensorDenseMatMul(spIdx, flatValues, shape, wDec)),
          "backward", List.of(dValsS, tf.sparse.sparseTensorDenseMatMul(spIdx, flatValues, shape, grad,
              SparseTensorDenseMatMul.adjointA(true)))));
      s.initialize();
      checkSameResults(s, forms);

      Map<String, Map<String, Double>> ms = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, List<Op>>> f : forms.entrySet()) {
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String part : List.of("forward", "backward")) {
          List<Op> targets = f.getValue().get(part);
          StepStats t = Clock.time(1, REPS, () -> {
            Session.Runner r = s.runner();
            targets.forEach(r::addTarget);
            r.run().close();
          });
          parts.put(part, t.medianMs());
        }
        ms.put(f.getKey(), parts);
        log.printf("  decoder %-6s forward %.1f ms, backward %.1f ms (k=%d)%n", f.getKey(), parts.get("forward"),
            parts.get("backward"), k);
      }
      return new SparseDecoderProbe(k, ms);
    }
  }

  /**
   * The three formulations must compute the same decoder output and {@code dW_dec} (float32 sums
   * in different orders): otherwise the timings would compare different work.
   */
  @SuppressWarnings("unchecked")
  private static void checkSameResults(Session s, Map<String, Map<String, List<Op>>> forms) {
    for (int part = 0; part < 2; part++) {
      float[] reference = null;
      for (Map.Entry<String, Map<String, List<Op>>> f : forms.entrySet()) {
        // forward: the output; backward: dW_dec (the last of the backward ops)
        List<Op> ops = f.getValue().get(part == 0 ? "forward" : "backward");
        Operand<TFloat32> out = (Operand<TFloat32>) ops.get(ops.size() - 1);
        float[] v;
        try (Result r = s.runner().fetch(out).run()) {
          v = io.vista.core.internal.graph.Tensors.toArray((TFloat32) r.get(0));
        }
        if (reference == null) {
          reference = v;
          continue;
        }
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < v.length; i++) {
          scale = Math.max(scale, Math.abs(reference[i]));
          diff = Math.max(diff, Math.abs(reference[i] - v[i]));
        }
        if (v.length != reference.length || diff > 1e-4 * scale) {
          throw new IllegalStateException("decoder formulation '" + f.getKey() + "' differs from the dense one ("
              + (part == 0 ? "forward" : "dW_dec") + "): max |diff| " + diff + " at scale " + scale);
        }
      }
    }
  }
}
