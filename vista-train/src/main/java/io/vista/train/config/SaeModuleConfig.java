package io.vista.train.config;

import io.vista.core.VistaException;
import io.vista.core.sae.SaeSetting;
import io.vista.core.sae.SaeSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sparse autoencoder training settings ({@code module/sae.yaml}): the {@code module} section read
 * through vista-core's settings table {@link SaeSetting}, so keys, types and defaults (for keys a
 * config leaves out) are the same as in {@code cfg.json} and the Lightning import.
 *
 * @param spec the validated SAE spec
 */
public record SaeModuleConfig(SaeSpec spec) implements ModuleConfig {

  /** The {@code module} section of a resolved config; every check runs before any work is done. */
  public static SaeModuleConfig from(ResolvedConfig root) {
    Checks.onlyKnownKeys(root, "module", SaeSetting.keys());
    Map<String, Object> values = new LinkedHashMap<>();
    for (SaeSetting s : SaeSetting.values()) {
      String key = "module." + s.key();
      if (!root.has(key)) {
        continue; // the table's default
      }
      values.put(s.key(), switch (s.kind()) {
        case INT -> root.integer(key);
        case DOUBLE -> root.number(key);
        case STRING -> root.string(key);
      });
    }
    for (String required : new String[] {"input_size", "hidden_size"}) {
      if (!values.containsKey(required)) {
        values.put(required, root.integer("module." + required)); // names the missing key
      }
    }
    values.putIfAbsent("variant", SaeSetting.VARIANT.defaultValue());
    try {
      return new SaeModuleConfig(SaeSpec.fromSettings(values, ""));
    } catch (VistaException e) {
      throw new ConfigException("module." + e.getMessage().replaceFirst("^: ", ""));
    }
  }

  /** {@code module.input_size}. */
  public int inputSize() {
    return spec.dIn();
  }

  @Override
  public double learningRate() {
    return spec.learningRate();
  }

  @Override
  public String name() {
    return "sae";
  }
}
