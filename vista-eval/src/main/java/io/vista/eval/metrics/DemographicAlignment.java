package io.vista.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * evaluation.py's {@code feature_demographic_alignment}: for each attribute, the per-class means of the
 * per-sample SAE features, which features' class means vary most across classes, and how selective features are
 * (largest over smallest class mean). Pure computation on an in-memory {@code [N, m]} matrix.
 */
public final class DemographicAlignment {
  /** evaluation.py's {@code top_k = 20}. */
  public static final int TOP_K = 20;
  /** The floor of the selectivity denominator. */
  static final float SELECTIVITY_FLOOR = (float) 1e-12;

  private DemographicAlignment() {}

  /**
   * Every attribute, in the order of {@code labels}.
   *
   * @param acts per-sample features {@code [N, m]}
   * @param labels attribute name to one label per sample (when lengths differ, the first {@code min} rows are
   *     used, as the Python does after a warning)
   */
  public static Map<String, AttributeAlignment> compute(FeatureMatrix acts, Map<String, long[]> labels) {
    Map<String, AttributeAlignment> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : labels.entrySet()) {
      out.put(e.getKey(), forAttribute(acts, e.getValue()));
    }
    return out;
  }

  /** One attribute. */
  public static AttributeAlignment forAttribute(FeatureMatrix acts, long[] labels) {
    int n = Math.min(acts.rows(), labels.length);
    if (n == 0) {
      throw new IllegalArgumentException("no samples to align");
    }
    int[] rows = ClassStatistics.firstRows(n);
    long[] classes = ClassStatistics.uniqueClasses(labels, rows);
    float[][] means = ClassStatistics.classMeans(acts, labels, rows, classes);
    int m = acts.cols();
    float[] variance = ClassStatistics.varianceAcrossClasses(means);

    float[] selectivity = new float[m];
    float selectivityMax = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < m; j++) {
      float max = means[0][j];
      float min = means[0][j];
      for (int c = 1; c < means.length; c++) {
        max = Math.max(max, means[c][j]);
        min = Math.min(min, means[c][j]);
      }
      selectivity[j] = max / Math.max(min, SELECTIVITY_FLOOR);
      selectivityMax = Math.max(selectivityMax, selectivity[j]);
    }
    float selectivityMean = NumpyFloat32.mean(selectivity, 0, m);

    // np.argsort(variance)[-20:][::-1]: the last 20 of the ascending order, reversed = the first 20 descending.
    int[] ranked = ClassStatistics.argsortDescending(variance);
    int k = Math.min(TOP_K, m);
    int[] top = java.util.Arrays.copyOf(ranked, k);
    float[] scores = new float[k];
    float[][] perClass = new float[classes.length][k];
    for (int i = 0; i < k; i++) {
      scores[i] = variance[top[i]];
      for (int c = 0; c < classes.length; c++) {
        perClass[c][i] = means[c][top[i]];
      }
    }
    return new AttributeAlignment(top, scores, selectivityMean, selectivityMax, classes, perClass);
  }
}
