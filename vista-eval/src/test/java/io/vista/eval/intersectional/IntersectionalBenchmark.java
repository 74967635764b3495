package io.vista.eval.intersectional;

import java.util.Random;

/**
 * Prints how long the analysis takes at FairFace validation scale (not a unit test).
 *
 * <p>Usage: {@code IntersectionalBenchmark [n=10954] [m=8192]}; synthetic sparse activations
 * (about 5% non-zero) with FairFace's 9 x 2 x 7 label levels and VISTA's default options.
 */
public final class IntersectionalBenchmark {
  private IntersectionalBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10954;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : 8192;
    Random rnd = new Random(42);
    int[] age = new int[n];
    int[] gender = new int[n];
    int[] race = new int[n];
    for (int i = 0; i < n; i++) {
      age[i] = Math.min(8, (int) Math.abs(rnd.nextGaussian() * 2.5 + 3.5));
      gender[i] = rnd.nextInt(2);
      race[i] = rnd.nextInt(7);
    }
    float[] x = new float[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double z = rnd.nextGaussian() - 1.6 + (j % 7 == race[i] ? 0.8 : 0) + (j % 9 == age[i] ? 0.6 : 0);
        x[i * m + j] = z > 0 ? (float) z : 0f;
      }
    }
    for (int rep = 0; rep < 2; rep++) {
      long t0 = System.nanoTime();
      IntersectionalResult r =
          IntersectionalAnalysis.run(x, n, m, age, gender, race, IntersectionalOptions.DEFAULTS);
      long t1 = System.nanoTime();
      System.out.printf(
          "n=%d m=%d: %.2f s (%d subgroups, %d intersectional SDFs, %d intersectional by ANOVA, %d empty cells)%n",
          n, m, (t1 - t0) / 1e9, r.composite().subgroups().size(), r.intersectionalFeatures().size(),
          r.intersectionalCount(), r.emptyCells());
    }
  }
}
