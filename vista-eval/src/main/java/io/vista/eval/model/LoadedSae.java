package io.vista.eval.model;

import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SAE read from a checkpoint, whatever its format: what it is ({@link SaeSpec}), its parameters
 * ({@link SaeWeights}) and where it came from.
 *
 * @param spec variant, sizes and hyperparameters
 * @param weights the parameters
 * @param format {@link SaeCheckpoints#FOLDER}, {@link SaeCheckpoints#SAELENS} or {@link SaeCheckpoints#LIGHTNING}
 * @param source the path read
 * @param notes what the loader inferred or ignored (defaults taken, unknown hyperparameters), for the record
 */
public record LoadedSae(SaeSpec spec, SaeWeights weights, String format, Path source, Map<String, Object> notes) {
  /** Freezes the notes. */
  public LoadedSae {
    notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /** A description for the evaluation metadata: path, format, variant, sizes, the variant's settings. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", source.toString());
    m.put("format", format);
    m.put("variant", spec.variant());
    m.put("d_in", spec.dIn());
    m.put("d_sae", spec.dSae());
    switch (spec.variant()) {
      case "topk" -> m.put("top_k", spec.topK());
      case "batchtopk" -> {
        m.put("top_k", spec.topK());
        m.put("inference", spec.inference());
      }
      case "jumprelu" -> m.put("bandwidth", spec.bandwidth());
      default -> m.put("l1_coeff", spec.l1Coeff());
    }
    m.putAll(notes);
    return m;
  }
}
