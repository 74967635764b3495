package io.vista.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The practical ceiling: bare TensorFlow MatMuls of a training step's six product shapes, each
 * {@code 2·rows·d·m} flops, on variables already in the session (nothing fed or fetched):
 *
 * <pre>
 *   enc     [rows,d] x [d,m]      encoder forward
 *   dec     [rows,m] x [m,d]      decoder forward
 *   dActs   [rows,d] x [m,d]^T    gradient into the activations
 *   dWdec   [rows,m]^T x [rows,d] decoder weight gradient
 *   dWenc   [rows,d]^T x [rows,m] encoder weight gradient
 *   dX      [rows,m] x [d,m]^T    gradient into the input (an SAE does not need it; the 12·d·m
 *                                 convention counts it)
 * </pre>
 *
 * The ceiling rate is {@code 12·rows·d·m} over the sum of the six median times: what a step made
 * of nothing but these products would reach.
 */
final class MatMulCeiling implements AutoCloseable {
  /** One measurement: per-shape median ms and GFLOP/s, and the combined rate. */
  record Result(Map<String, Double> shapeMs, Map<String, Double> shapeGflops, double sixProductMs,
      double gflops, double sixProductCpuMs, double loadAverage) {}

  private final Graph graph = new Graph();
  private final Session session;
  private final Map<String, Op> products = new LinkedHashMap<>();
  private final double flopsPerProduct;

  MatMulCeiling(int rows, int d, int m, int intraOp, int interOp) {
    ConfigProto.Builder c = ConfigProto.newBuilder();
    if (intraOp > 0) {
      c.setIntraOpParallelismThreads(intraOp);
    }
    if (interOp > 0) {
      c.setInterOpParallelismThreads(interOp);
    }
    session = new Session(graph, c.build());
    Ops tf = Ops.create(graph);
    Operand<TFloat32> x = randomVariable(tf, rows, d, 1);
    Operand<TFloat32> a = randomVariable(tf, rows, m, 2);
    Operand<TFloat32> r = randomVariable(tf, rows, d, 3);
    Operand<TFloat32> wEnc = randomVariable(tf, d, m, 4);
    Operand<TFloat32> wDec = randomVariable(tf, m, d, 5);
    products.put("enc", tf.linalg.matMul(x, wEnc));
    products.put("dec", tf.linalg.matMul(a, wDec));
    products.put("dActs", tf.linalg.matMul(r, wDec, MatMul.transposeB(true)));
    products.put("dWdec", tf.linalg.matMul(a, r, MatMul.transposeA(true)));
    products.put("dWenc", tf.linalg.matMul(x, a, MatMul.transposeA(true)));
    products.put("dX", tf.linalg.matMul(a, wEnc, MatMul.transposeB(true)));
    session.initialize();
    flopsPerProduct = 2.0 * rows * d * m;
  }

  private static Operand<TFloat32> randomVariable(Ops tf, int rows, int cols, long seed) {
    return tf.variable(tf.random.statelessRandomNormal(tf.constant(new int[] {rows, cols}),
        tf.constant(new long[] {seed, 17})));
  }

  /** Median of {@code reps} runs of each product after one warm-up run. */
  Result measure(int reps) {
    return measure(1, reps);
  }

  /** Median of {@code reps} runs of each product after {@code warmup} untimed runs. */
  Result measure(int warmup, int reps) {
    Map<String, Double> ms = new LinkedHashMap<>();
    Map<String, Double> rate = new LinkedHashMap<>();
    double total = 0;
    double cpu = 0;
    for (Map.Entry<String, Op> e : products.entrySet()) {
      Op op = e.getValue();
      StepStats s = Clock.time(warmup, reps, () -> session.runner().addTarget(op).run().close());
      ms.put(e.getKey(), s.medianMs());
      rate.put(e.getKey(), flopsPerProduct / (s.medianMs() * 1e6));
      total += s.medianMs();
      cpu += s.cpuMsPerRep();
    }
    return new Result(ms, rate, total, 6 * flopsPerProduct / (total * 1e6), cpu, Clock.loadAverage());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
