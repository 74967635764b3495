package io.vista.core;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a trained model (an SAE or a probe) came from: the format and path it was read from, the
 * resolved configuration it was trained with, what training reported, and what loading inferred.
 *
 * @param format the checkpoint format read
 * @param source the path read (null for a model built in memory)
 * @param resolvedConfigJson the resolved run configuration it was trained with, as JSON (empty if unknown)
 * @param trainingState what training reported (epoch, global_step, best_val_loss, ...; empty if unknown)
 * @param notes what loading inferred or ignored (defaults taken, unknown keys), for the record
 */
public record Provenance(Format format, Path source, String resolvedConfigJson,
                         Map<String, Object> trainingState, Map<String, Object> notes) {
  /** Where a model was read from. */
  public enum Format {
    /** A vista-java checkpoint folder. */
    VISTA_FOLDER("vista-folder"),
    /** A SAELens folder ({@code cfg.json} + {@code sae_weights.safetensors}). */
    SAELENS_FOLDER("saelens-folder"),
    /** A Python VISTA PyTorch Lightning {@code .ckpt}. */
    LIGHTNING_CKPT("lightning-ckpt"),
    /** Built in memory (trained here, or from arrays). */
    IN_MEMORY("in-memory");

    private final String label;

    Format(String label) {
      this.label = label;
    }

    /** The name used in JSON metadata ({@code vista-folder}, ...). */
    public String label() {
      return label;
    }
  }

  /** Freezes the maps. */
  public Provenance {
    Objects.requireNonNull(format, "format");
    resolvedConfigJson = resolvedConfigJson == null ? "" : resolvedConfigJson;
    trainingState = Collections.unmodifiableMap(new LinkedHashMap<>(trainingState));
    notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /** A model built in memory, with no history. */
  public static Provenance inMemory() {
    return new Provenance(Format.IN_MEMORY, null, "", Map.of(), Map.of());
  }
}
