package io.vista.eval.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attribute's entry of {@code probe_comparison}.
 *
 * @param rawLatentAccuracy test accuracy of the probe on the mean-pooled encoder latents
 * @param saeLatentAccuracy test accuracy of the probe on the per-sample SAE features
 * @param perClassReport {@code classification_report(y_test, sae_pred, output_dict=True, zero_division=0)}
 */
public record AttributeProbeComparison(
    double rawLatentAccuracy, double saeLatentAccuracy, Map<String, Object> perClassReport) {

  /** {@code sae - raw}. */
  public double delta() {
    return saeLatentAccuracy - rawLatentAccuracy;
  }

  /** The JSON object: raw_latent_accuracy, sae_latent_accuracy, delta, per_class_report. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("raw_latent_accuracy", rawLatentAccuracy);
    out.put("sae_latent_accuracy", saeLatentAccuracy);
    out.put("delta", delta());
    out.put("per_class_report", perClassReport);
    return out;
  }
}
