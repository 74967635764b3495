package io.vista.core.internal.io;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint folder as read by {@link CheckpointStore#read(Path)}: the model configuration, the
 * SAE weights and, when the folder holds them, the optimizer slots and trainer state. What the
 * tensors are called and mean is the trainer's business; this record only carries them.
 *
 * @param dir the folder it was read from
 * @param cfg contents of {@code cfg.json}
 * @param weights tensors of {@code sae_weights.safetensors}, in file order (unmodifiable)
 * @param optimizerState tensors of {@code optimizer.safetensors}; empty when absent (unmodifiable)
 * @param trainerState contents of {@code trainer_state.json}; null when absent
 */
public record Checkpoint(
    Path dir,
    JsonObject cfg,
    Map<String, NamedTensor> weights,
    Map<String, NamedTensor> optimizerState,
    JsonObject trainerState) {

  /** Freezes the tensor maps (the JSON objects are Gson's mutable trees; treat them as read-only). */
  public Checkpoint {
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    optimizerState = optimizerState == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState));
  }

  /** True when the folder held an {@code optimizer.safetensors}, i.e. training can resume exactly. */
  public boolean hasOptimizerState() {
    return !optimizerState.isEmpty();
  }
}
