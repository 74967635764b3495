package io.vista.train.sae;

import com.google.gson.JsonObject;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.CheckpointException;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.sae.SaeCfgJson;
import io.vista.core.sae.SaeSession;
import io.vista.core.sae.SaeSpec;
import io.vista.core.sae.SaeWeights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an SAE is laid out in a checkpoint folder. {@code cfg.json} is SAELens-style at the top
 * ({@code architecture, d_in, d_sae, k, dtype, apply_b_dec_to_input, normalize_activations}) with
 * a {@code vista} object holding every hyperparameter and the resolved run config;
 * {@code sae_weights.safetensors} holds float32 {@code W_enc [d, m], W_dec [m, d], b_enc [m],
 * b_dec [d]} plus {@code threshold [m]} (jumprelu: exp(log_threshold), with log_threshold too;
 * batchtopk: the running inference threshold). Everything else the session holds (Adam moments
 * and step, the dead-feature counters) goes to {@code optimizer.safetensors}.
 */
final class SaeCheckpointFormat {
  private final SaeSpec spec;
  private final JsonObject resolvedConfig;

  SaeCheckpointFormat(SaeSpec spec, JsonObject resolvedConfig) {
    this.spec = spec;
    this.resolvedConfig = resolvedConfig;
  }

  io.vista.train.loop.CheckpointContents contents(SaeSession session) {
    Map<String, float[]> state = session.state();
    Map<String, long[]> shapes = session.stateShapes();
    SaeWeights w = session.weights();
    Map<String, NamedTensor> weights = new LinkedHashMap<>();
    for (String name : w.names()) {
      weights.put(name, NamedTensor.ofFloats(w.shape(name), w.get(name)));
    }
    Map<String, NamedTensor> optimizer = new LinkedHashMap<>();
    state.forEach((name, values) -> {
      if (!weights.containsKey(name)) {
        optimizer.put(name, NamedTensor.ofFloats(shapes.get(name), values));
      }
    });
    return new io.vista.train.loop.CheckpointContents(cfgJson(), weights, optimizer);
  }

  void restore(SaeSession session, Checkpoint cp) {
    Map<String, long[]> shapes = session.stateShapes();
    Map<String, float[]> state = new LinkedHashMap<>();
    for (String name : shapes.keySet()) {
      NamedTensor t = cp.weights().containsKey(name) ? cp.weights().get(name) : cp.optimizerState().get(name);
      if (t == null) {
        throw new CheckpointException(cp.dir() + ": no '" + name + "' to resume from (found weights "
            + cp.weights().keySet() + ", optimizer state " + cp.optimizerState().keySet() + ")");
      }
      if (!java.util.Arrays.equals(t.shape(), shapes.get(name))) {
        throw new CheckpointException(cp.dir() + ": '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
            + ", this run needs " + java.util.Arrays.toString(shapes.get(name)));
      }
      state.put(name, t.toFloats());
    }
    session.loadState(state);
  }

  private JsonObject cfgJson() {
    JsonObject cfg = SaeCfgJson.of(spec);
    if (resolvedConfig != null) {
      cfg.getAsJsonObject("vista").add("config", resolvedConfig);
    }
    return cfg;
  }
}
