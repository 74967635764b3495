package io.vista.core.sae;

import com.google.gson.JsonObject;

/**
 * The {@code cfg.json} of an SAE checkpoint folder: SAELens-style keys at the top
 * ({@code architecture, d_in, d_sae, k, dtype, apply_b_dec_to_input, normalize_activations}) and a
 * {@code vista} object with every hyperparameter under the Python project's names. Written by the
 * trainer and by {@code vista-eval convert}; callers add their provenance to the {@code vista} object.
 */
public final class SaeCfgJson {
  private SaeCfgJson() {}

  /** A fresh cfg object for {@code spec}; {@code cfg.getAsJsonObject("vista")} takes extra entries. */
  public static JsonObject of(SaeSpec spec) {
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", architecture(spec.variant()));
    cfg.addProperty("d_in", spec.dIn());
    cfg.addProperty("d_sae", spec.dSae());
    if (spec.hasTopK()) {
      cfg.addProperty("k", spec.topK());
    }
    cfg.addProperty("dtype", "float32");
    cfg.addProperty("apply_b_dec_to_input", true);
    cfg.addProperty("normalize_activations", "none");
    JsonObject vista = new JsonObject();
    vista.addProperty("variant", spec.variant());
    vista.addProperty("input_size", spec.dIn());
    vista.addProperty("hidden_size", spec.dSae());
    vista.addProperty("top_k", spec.topK());
    vista.addProperty("top_k_aux", spec.topKAux());
    vista.addProperty("aux_penalty", spec.auxPenalty());
    vista.addProperty("n_batches_to_dead", spec.nBatchesToDead());
    vista.addProperty("l1_coeff", spec.l1Coeff());
    vista.addProperty("l0_coeff", spec.l0Coeff());
    vista.addProperty("bandwidth", spec.bandwidth());
    vista.addProperty("inference", spec.inference());
    vista.addProperty("threshold_momentum", spec.thresholdMomentum());
    vista.addProperty("learning_rate", spec.learningRate());
    vista.addProperty("sparse_decoder", spec.sparseDecoder());
    cfg.add("vista", vista);
    return cfg;
  }

  /** SAELens names "standard" what VISTA calls "vanilla"; the others keep their names. */
  public static String architecture(String variant) {
    return variant.equals("vanilla") ? "standard" : variant;
  }
}
