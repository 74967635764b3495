package io.vista.eval.report;

import io.vista.eval.metrics.AttributeAblation;
import io.vista.eval.metrics.AttributeAlignment;
import io.vista.eval.metrics.AttributeProbeComparison;
import io.vista.eval.metrics.ReconstructionQuality;
import io.vista.eval.metrics.SaeHealth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@code evaluation_results.json} holds: evaluation.py's five blocks in its order, then a
 * {@code metadata} block the Python does not write (provenance: tool version, time, checkpoint, data file,
 * split, arguments).
 *
 * @param health {@code sae_health}
 * @param reconstruction {@code reconstruction_quality} (with {@code r_squared})
 * @param alignment {@code feature_demographic_alignment}, per attribute
 * @param ablation {@code ablation_study}, per attribute
 * @param probeComparison {@code probe_comparison}, per attribute
 * @param metadata {@code metadata}, already a JSON tree
 */
public record EvaluationReport(
    SaeHealth health,
    ReconstructionQuality reconstruction,
    Map<String, AttributeAlignment> alignment,
    Map<String, AttributeAblation> ablation,
    Map<String, AttributeProbeComparison> probeComparison,
    Map<String, Object> metadata) {

  /** The file name evaluation.py writes into its output folder. */
  public static final String FILE_NAME = "evaluation_results.json";

  /** The JSON tree, keys in evaluation.py's order. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sae_health", health.toJson());
    out.put("reconstruction_quality", reconstruction.toJson());
    Map<String, Object> a = new LinkedHashMap<>();
    alignment.forEach((k, v) -> a.put(k, v.toJson()));
    out.put("feature_demographic_alignment", a);
    Map<String, Object> b = new LinkedHashMap<>();
    ablation.forEach((k, v) -> b.put(k, v.toJson()));
    out.put("ablation_study", b);
    Map<String, Object> p = new LinkedHashMap<>();
    probeComparison.forEach((k, v) -> p.put(k, v.toJson()));
    out.put("probe_comparison", p);
    out.put("metadata", metadata);
    return out;
  }
}
