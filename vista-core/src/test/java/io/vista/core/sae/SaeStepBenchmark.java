package io.vista.core.sae;

import io.vista.core.graph.Tensors;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Benchmark main (not a test): training-step time per SAE variant against a bare MatMul, in
 * effective GFLOP/s with 12·d·m·rows flops per step (six [rows,d]x[d,m]-sized products of
 * 2·rows·d·m flops: encoder, decoder and their gradients). The process CPU time per step is
 * printed too: on a shared machine it is steadier than wall time. Usage:
 *
 * <pre>
 *   mvn -B -q -ntp -o -pl vista-core test-compile
 *   mvn -B -q -ntp -o -pl vista-core dependency:build-classpath -Dmdep.includeScope=test \
 *       -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp "$(cat /tmp/cp.txt):vista-core/target/classes:vista-core/target/test-classes" \
 *       io.vista.core.sae.SaeStepBenchmark [d m rows steps variants sparseDecoder]
 * </pre>
 *
 * defaults 768 3072 4096 10 vanilla,topk,batchtopk,jumprelu auto.
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
    String sparse = args.length > 5 ? args[5] : "auto";
    double flopsPerStep = 12.0 * d * m * rows;
    System.out.printf(
        "d=%d m=%d rows=%d, %d timed steps; effective rate = 12*d*m*rows / step time;"
            + " bare = one [rows,d]x[d,m] MatMul measured just before each variant%n",
        d, m, rows, steps);

    float[] data = new float[rows * d];
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rng.nextGaussian();
    }
    try (TFloat32 x = Tensors.of(data, rows, d)) {
      for (String v : variants) {
        double matMulMs = bareMatMulMs(d, m, rows, steps);
        double bareRate = 2.0 * d * m * rows / (matMulMs * 1e6);
        SaeSpec spec = SaeSpec.builder(v, d, m).sparseDecoder(sparse).build();
        try (SaeSession s = new SaeSession(spec, SaeWeights.initialize(spec, 1), 0, 0)) {
          for (int i = 0; i < 3; i++) {
            s.trainStep(x);
          }
          long total = 0;
          long cpu0 = processCpuNanos();
          StepMetrics last = null;
          for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            last = s.trainStep(x);
            total += System.nanoTime() - t0;
          }
          double cpuMs = (processCpuNanos() - cpu0) / 1e6 / steps;
          double mean = total / 1e6 / steps;
          double rate = flopsPerStep / (mean * 1e6);
          System.out.printf(
              "%-10s %7.1f ms/step (cpu %6.1f ms)  %6.1f GFLOP/s effective; bare MatMul %6.1f ms"
                  + " = %6.1f GFLOP/s; ratio %.2f  [loss %.4g l0 %.1f dead %.0f]%n",
              v, mean, cpuMs, rate, matMulMs, bareRate, rate / bareRate, last.loss(), last.l0(),
              last.numDead());
        }
      }
    }
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : 0;
  }

  private static double bareMatMulMs(int d, int m, int rows, int reps) {
    try (Graph g = new Graph();
        Session s = new Session(g, ConfigProto.getDefaultInstance())) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a =
          tf.variable(tf.random.statelessRandomNormal(tf.constant(new int[] {rows, d}), tf.constant(new long[] {1, 2})));
      Operand<TFloat32> b =
          tf.variable(tf.random.statelessRandomNormal(tf.constant(new int[] {d, m}), tf.constant(new long[] {3, 4})));
      var mm = tf.linalg.matMul(a, b);
      s.initialize();
      for (int i = 0; i < 3; i++) {
        s.runner().addTarget(mm).run().close();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < reps * 3; i++) {
        s.runner().addTarget(mm).run().close();
      }
      return (System.nanoTime() - t0) / 1e6 / (reps * 3);
    }
  }
}
