package io.vista.core.internal.compat;

import io.vista.core.internal.io.NamedTensor;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a PyTorch Lightning {@code .ckpt} file as read by {@link
 * LightningCheckpointReader}, without interpretation: mapping {@code model.W_enc} and friends to
 * an SAE, and {@code variant} to a model class, is the caller's job.
 *
 * <p>Values are the unpickled Java forms described in {@link PickleReader}: strings, {@code Long},
 * {@code Double}, {@code Boolean}, null, lists, maps, {@link NamedTensor}s, and inert {@link
 * PickledObject} placeholders for anything else.
 *
 * @param file the checkpoint file
 * @param hyperParameters {@code hyper_parameters}: what the LightningModule saved with {@code
 *     save_hyperparameters()} (for VISTA: variant, input_size, hidden_size, learning_rate, top_k,
 *     ...), in file order
 * @param stateDict {@code state_dict}: every tensor under its key as in the file (e.g. {@code
 *     model.W_enc}), in file order
 * @param other every other top-level entry in file order: {@code epoch}, {@code global_step},
 *     {@code pytorch-lightning_version}, {@code optimizer_states}, {@code lr_schedulers}, {@code
 *     callbacks}, {@code loops}, {@code hparams_name}, ...
 */
public record LightningCheckpoint(
    Path file,
    Map<String, Object> hyperParameters,
    Map<String, NamedTensor> stateDict,
    Map<String, Object> other) {

  /** Wraps the maps read-only (their order is kept). */
  public LightningCheckpoint {
    hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
    stateDict = Collections.unmodifiableMap(new LinkedHashMap<>(stateDict));
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** What the checkpoint says of training: {@code epoch} and {@code global_step}, where present. */
  public java.util.Map<String, Object> trainingState() {
    java.util.Map<String, Object> out = new LinkedHashMap<>();
    for (String key : java.util.List.of("epoch", "global_step")) {
      if (other.get(key) != null) {
        out.put(key, other.get(key));
      }
    }
    return out;
  }
}
