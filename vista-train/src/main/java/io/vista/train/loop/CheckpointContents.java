package io.vista.train.loop;

import com.google.gson.JsonObject;
import io.vista.core.internal.io.NamedTensor;
import java.util.Map;

/**
 * What a task puts into a checkpoint: the self-describing {@code cfg.json}, the model weights
 * (SAELens names) and the optimizer state needed to resume.
 */
public record CheckpointContents(
    JsonObject cfg, Map<String, NamedTensor> weights, Map<String, NamedTensor> optimizerState) {}
