package io.vista.eval.metrics;

import io.vista.eval.stats.LogRegOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark main: the ablation study with cold starts (evaluation.py's path) and with warm starts from the
 * baseline, on a seeded SAE-like problem (sparse non-negative codes, a few features per class of each FairFace
 * attribute), printing wall time and every accuracy of both, and how many differ.
 *
 * <pre>
 * java -cp ... io.vista.eval.metrics.AblationBenchmark [N] [m] [density]   (defaults 6000 2048 0.05)
 * </pre>
 */
public final class AblationBenchmark {
  private AblationBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    double density = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
    SplittableRandom rnd = new SplittableRandom(17);
    Map<String, long[]> labels = new LinkedHashMap<>();
    int[] classes = {9, 2, 7};
    String[] names = {"age", "gender", "race"};
    for (int a = 0; a < 3; a++) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = rnd.nextInt(classes[a]);
      }
      labels.put(names[a], v);
    }
    float[] x = new float[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        if (rnd.nextDouble() < density) {
          x[i * m + j] = (float) (rnd.nextDouble() * 2);
        }
      }
      // planted: feature (attribute offset + class) fires more for its class
      int off = 0;
      for (int a = 0; a < 3; a++) {
        int c = (int) labels.get(names[a])[i];
        if (rnd.nextDouble() < 0.6) {
          x[i * m + off + c] += (float) (1 + rnd.nextDouble());
        }
        off += classes[a];
      }
    }
    FeatureMatrix acts = new FeatureMatrix(x, n, m);
    int[] ks = {10, 20, 50, 100};
    LogRegOptions opts = LogRegOptions.evaluationProbe();
    System.out.printf(Locale.ROOT, "ablation benchmark: N=%d m=%d density=%.3f ks=10,20,50,100%n", n, m, density);
    long t0 = System.nanoTime();
    Map<String, AttributeAblation> cold = AblationStudy.run(acts, labels, ks, opts, false, s -> { });
    long t1 = System.nanoTime();
    Map<String, AttributeAblation> warm = AblationStudy.run(acts, labels, ks, opts, true, s -> { });
    long t2 = System.nanoTime();
    int differ = 0;
    int total = 0;
    for (String attr : cold.keySet()) {
      for (int k : ks) {
        AttributeAblation.KAblation c = cold.get(attr).ablations().get(k);
        AttributeAblation.KAblation w = warm.get(attr).ablations().get(k);
        System.out.printf(Locale.ROOT, "  %-6s k=%-3d without cold %.6f warm %.6f | only cold %.6f warm %.6f%n",
            attr, k, c.accWithoutTopK(), w.accWithoutTopK(), c.accOnlyTopK(), w.accOnlyTopK());
        total += 2;
        differ += (c.accWithoutTopK() != w.accWithoutTopK() ? 1 : 0) + (c.accOnlyTopK() != w.accOnlyTopK() ? 1 : 0);
      }
    }
    System.out.printf(Locale.ROOT, "cold %.1f s, warm %.1f s (baseline fits included in both); %d of %d accuracies "
        + "differ%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, differ, total);
  }
}
