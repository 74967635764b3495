package io.vista.eval.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sae_health} block of evaluation.py: how many features there are and how many never fire on the
 * split, and how many fire per sample.
 *
 * @param numFeatures m, the dictionary size
 * @param numSamples N, samples (images) of the split
 * @param totalTokens rows encoded: N * T for token-level data, N otherwise
 * @param deadFeatureCount features whose activation is never above 0 on any row of the split
 * @param deadFeatureRatio {@code deadFeatureCount / m}
 * @param l0Mean mean over samples of the per-sample L0 (for token-level data the mean over the sample's tokens
 *     of the number of active features per token), computed in float32 as numpy does
 * @param l0Std population standard deviation (ddof=0) of the same values, float32 as numpy
 * @param l0Median median of the same values, float32 as numpy
 * @param activationFrequencyPercentiles the 0, 25, 50, 75, 90, 99, 100th percentiles (linear interpolation) of
 *     the per-feature counts of rows on which the feature fires, keyed "0", "25", ...
 */
public record SaeHealth(
    int numFeatures,
    long numSamples,
    long totalTokens,
    long deadFeatureCount,
    double deadFeatureRatio,
    double l0Mean,
    double l0Std,
    double l0Median,
    Map<String, Double> activationFrequencyPercentiles) {

  /** The percentiles evaluation.py reports. */
  public static final int[] PERCENTILES = {0, 25, 50, 75, 90, 99, 100};

  /** Freezes the percentile map. */
  public SaeHealth {
    activationFrequencyPercentiles = Collections.unmodifiableMap(new LinkedHashMap<>(activationFrequencyPercentiles));
  }

  /** The JSON object, keys in evaluation.py's order. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("num_features", numFeatures);
    out.put("num_samples", numSamples);
    out.put("total_tokens", totalTokens);
    out.put("dead_feature_count", deadFeatureCount);
    out.put("dead_feature_ratio", deadFeatureRatio);
    out.put("l0_mean", l0Mean);
    out.put("l0_std", l0Std);
    out.put("l0_median", l0Median);
    out.put("activation_frequency_percentiles", new LinkedHashMap<>(activationFrequencyPercentiles));
    return out;
  }
}
