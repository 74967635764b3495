package io.vista.core.sae;

import io.vista.core.internal.graph.Tensors;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Benchmark main (not a test): training-step time per SAE variant against a bare MatMul, in
 * effective GFLOP/s with 12·d·m·rows flops per step (six [rows,d]x[d,m]-sized products of
 * 2·rows·d·m flops: encoder, decoder and their gradients). Steps and bare MatMuls are timed in
 * alternation, so that on a shared machine both see the same load; the figures are medians over
 * the pairs, and the ratio is the median of the per-pair ratios. Usage:
 *
 * <pre>
 *   mvn -B -q -ntp -o -pl vista-core test-compile
 *   mvn -B -q -ntp -o -pl vista-core dependency:build-classpath -Dmdep.includeScope=test \
 *       -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp "$(cat /tmp/cp.txt):vista-core/target/classes:vista-core/target/test-classes" \
 *       io.vista.core.sae.SaeStepBenchmark [d m rows steps variants]
 * </pre>
 *
 * defaults 768 3072 4096 10 vanilla,topk,batchtopk,jumprelu.
 */
public final class SaeStepBenchmark {
  private SaeStepBenchmark() {}

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 768;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : 3072;
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    List<String> variants =
        List.of((args.length > 4 ? args[4] : "vanilla,topk,batchtopk,jumprelu").split(","));
    double flopsPerStep = 12.0 * d * m * rows;
    double flopsPerMatMul = 2.0 * d * m * rows;
    System.out.printf(
        "d=%d m=%d rows=%d, %d timed steps; effective rate = 12*d*m*rows / step time%n",
        d, m, rows, steps);

    float[] data = new float[rows * d];
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rng.nextGaussian();
    }
    try (Graph bg = new Graph();
        Session bare = new Session(bg);
        TFloat32 x = Tensors.of(data, rows, d)) {
      Ops tf = Ops.create(bg);
      Operand<TFloat32> a =
          tf.variable(
              tf.random.statelessRandomNormal(
                  tf.constant(new int[] {rows, d}), tf.constant(new long[] {1, 2})));
      Operand<TFloat32> b =
          tf.variable(
              tf.random.statelessRandomNormal(
                  tf.constant(new int[] {d, m}), tf.constant(new long[] {3, 4})));
      Operand<TFloat32> product = tf.linalg.matMul(a, b);
      bare.initialize();
      for (String v : variants) {
        SaeSpec spec = SaeSpec.defaults(v, d, m);
        try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 0, 0)) {
          for (int i = 0; i < 3; i++) {
            s.trainStep(x);
            bare.runner().addTarget(product).run().close();
          }
          double[] stepMs = new double[steps];
          double[] mmMs = new double[steps];
          double[] ratio = new double[steps];
          StepMetrics last = null;
          for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            bare.runner().addTarget(product).run().close();
            long t1 = System.nanoTime();
            last = s.trainStep(x);
            long t2 = System.nanoTime();
            mmMs[i] = (t1 - t0) / 1e6;
            stepMs[i] = (t2 - t1) / 1e6;
            ratio[i] = (flopsPerStep / stepMs[i]) / (flopsPerMatMul / mmMs[i]);
          }
          double step = median(stepMs);
          double mm = median(mmMs);
          System.out.printf(
              "%-10s %7.1f ms/step = %6.1f GFLOP/s effective; bare MatMul %6.1f ms = %6.1f"
                  + " GFLOP/s; ratio %.2f (min %.2f, max %.2f)  [loss %.4g l0 %.1f dead %.0f]%n",
              v, step, flopsPerStep / (step * 1e6), mm, flopsPerMatMul / (mm * 1e6),
              median(ratio), Arrays.stream(ratio).min().orElse(0),
              Arrays.stream(ratio).max().orElse(0), last.loss(), last.l0(), last.numDead());
        }
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
