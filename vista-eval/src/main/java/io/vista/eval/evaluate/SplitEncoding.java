package io.vista.eval.evaluate;

import io.vista.eval.metrics.FeatureMatrix;
import io.vista.eval.metrics.ReconstructionQuality;
import io.vista.eval.metrics.SaeHealth;
import java.util.Map;

/**
 * The result of one pass of a split through the SAE: the streaming metrics and the per-sample matrices the
 * analyses need.
 *
 * @param health {@code sae_health}
 * @param reconstruction {@code reconstruction_quality}
 * @param saeFeatures per-sample SAE features {@code [N, m]} (token-level data: mean over tokens)
 * @param rawPooled per-sample encoder latents {@code [N, d]} (mean over tokens)
 * @param labels every label vector of the split, by key in name order (h5py's order)
 */
public record SplitEncoding(
    SaeHealth health, ReconstructionQuality reconstruction, FeatureMatrix saeFeatures, FeatureMatrix rawPooled,
    Map<String, long[]> labels) {}
