package io.vista.eval.stats;

/** placeholder */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  public static double accuracy(int[] yTrue, int[] yPred) {
    int ok = 0;
    for (int i = 0; i < yTrue.length; i++) {
      if (yTrue[i] == yPred[i]) {
        ok++;
      }
    }
    return (double) ok / yTrue.length;
  }
}
