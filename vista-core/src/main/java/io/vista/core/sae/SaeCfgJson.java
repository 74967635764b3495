package io.vista.core.sae;

import com.google.gson.JsonObject;

/**
 * The {@code cfg.json} of an SAE checkpoint folder: SAELens-style keys at the top
 * ({@code architecture, d_in, d_sae, k, dtype, apply_b_dec_to_input, normalize_activations}) and a
 * {@code vista} object holding every {@link SaeSetting} under its key. {@link SaeModel#save} and
 * the trainer's checkpoints write it; callers add their provenance to the {@code vista} object.
 */
final class SaeCfgJson {
  private SaeCfgJson() {}

  /** A fresh cfg object for {@code spec}; {@code cfg.getAsJsonObject("vista")} takes extra entries. */
  static JsonObject of(SaeSpec spec) {
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", spec.variant().saeLensArchitecture());
    cfg.addProperty("d_in", spec.dIn());
    cfg.addProperty("d_sae", spec.dSae());
    if (spec.hasTopK()) {
      cfg.addProperty("k", spec.topK());
    }
    cfg.addProperty("dtype", "float32");
    cfg.addProperty("apply_b_dec_to_input", true);
    cfg.addProperty("normalize_activations", "none");
    JsonObject vista = new JsonObject();
    spec.settings().forEach((key, value) -> {
      if (value instanceof Number n) {
        vista.addProperty(key, n);
      } else {
        vista.addProperty(key, (String) value);
      }
    });
    cfg.add("vista", vista);
    return cfg;
  }
}
