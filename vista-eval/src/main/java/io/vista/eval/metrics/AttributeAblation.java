package io.vista.eval.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attribute's entry of {@code ablation_study}.
 *
 * @param baselineAccuracy test accuracy of the probe on all features
 * @param ablations per k (in the order asked, each k once), the accuracies without and with only the top-k
 *     features
 * @param split the stratified split used (row indices, scikit-learn's order)
 * @param baselineTestPredictions the baseline probe's predictions on the test rows (for the probe comparison,
 *     whose SAE probe is the same fit)
 */
public record AttributeAblation(
    double baselineAccuracy,
    Map<Integer, KAblation> ablations,
    io.vista.eval.stats.StratifiedSplit.Split split,
    long[] baselineTestPredictions) {

  /** The accuracies for one k. */
  public record KAblation(double accWithoutTopK, double accOnlyTopK) {}

  /** Freezes the map. */
  public AttributeAblation {
    ablations = Collections.unmodifiableMap(new LinkedHashMap<>(ablations));
  }

  /**
   * The JSON object: baseline_accuracy, then ablations keyed by k with acc_without_top_k, acc_only_top_k,
   * necessity_drop (baseline minus without) and sufficiency_retained (= only).
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("baseline_accuracy", baselineAccuracy);
    Map<String, Object> byK = new LinkedHashMap<>();
    for (Map.Entry<Integer, KAblation> e : ablations.entrySet()) {
      KAblation a = e.getValue();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("acc_without_top_k", a.accWithoutTopK());
      entry.put("acc_only_top_k", a.accOnlyTopK());
      entry.put("necessity_drop", baselineAccuracy - a.accWithoutTopK());
      entry.put("sufficiency_retained", a.accOnlyTopK());
      byK.put(Integer.toString(e.getKey()), entry);
    }
    out.put("ablations", byK);
    return out;
  }
}
