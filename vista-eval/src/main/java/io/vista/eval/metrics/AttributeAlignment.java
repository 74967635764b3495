package io.vista.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attribute's entry of {@code feature_demographic_alignment}.
 *
 * @param topVariantFeatures the features with the largest variance of their class means, largest first
 * @param topVariantScores those variances (float32 values)
 * @param selectivityMean mean over features of {@code max class mean / max(min class mean, 1e-12)} (float32)
 * @param selectivityMax the largest of those ratios
 * @param classes the sorted classes
 * @param meanPerClassTopFeatures per class (in {@code classes} order), its mean of each top feature
 */
public record AttributeAlignment(
    int[] topVariantFeatures,
    float[] topVariantScores,
    float selectivityMean,
    float selectivityMax,
    long[] classes,
    float[][] meanPerClassTopFeatures) {

  /** The JSON object, keys in evaluation.py's order; class keys are the labels as text. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Integer> features = new ArrayList<>();
    for (int f : topVariantFeatures) {
      features.add(f);
    }
    out.put("top_variant_features", features);
    out.put("top_variant_scores", JsonValues.doubles(topVariantScores));
    out.put("selectivity_mean", (double) selectivityMean);
    out.put("selectivity_max", (double) selectivityMax);
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < classes.length; c++) {
      perClass.put(Long.toString(classes[c]), JsonValues.doubles(meanPerClassTopFeatures[c]));
    }
    out.put("mean_per_class_top_features", perClass);
    return out;
  }
}
