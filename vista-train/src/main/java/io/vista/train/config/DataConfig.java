package io.vista.train.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the latents come from and how they are batched ({@code data/*.yaml}; keys of the Python
 * {@code FairFaceDataModule}, plus the streaming reader's buffer sizes and the demo dataset).
 *
 * @param hdf5Path HDF5 file in VISTA layout; null = the demo dataset ({@link #demo})
 * @param featureKey dataset of latents inside {@code /training} and {@code /validation}
 * @param returnLabels labels to read: empty = features only (YAML null), {@code [all]} = every key
 *     under {@code labels}, or names such as {@code [age, race]}
 * @param batchSize samples per batch
 * @param numWorkers background reader threads; 0 = read on the training thread
 * @param shuffleBufferChunks HDF5 chunks mixed in the shuffle buffer
 * @param prefetchBatches decoded batches queued ahead of the training step
 * @param demo the demo dataset; null when the config has no {@code data.demo} and a file is given
 */
public record DataConfig(
    String hdf5Path,
    String featureKey,
    List<String> returnLabels,
    int batchSize,
    int numWorkers,
    int shuffleBufferChunks,
    int prefetchBatches,
    DemoConfig demo) {

  // Defaults for keys a config leaves out (FairFaceDataModule's, then the bundled YAML's).
  public static final String DEFAULT_FEATURE_KEY = "encoded";
  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final int DEFAULT_NUM_WORKERS = 4;
  public static final int DEFAULT_SHUFFLE_BUFFER_CHUNKS = 8;
  public static final int DEFAULT_PREFETCH_BATCHES = 4;
  /** The {@code return_labels} entry that means every label in the file. */
  public static final String ALL_LABELS = "all";

  private static final List<String> KEYS = List.of("hdf5_path", "feature_key", "return_labels", "batch_size",
      "num_workers", "shuffle_buffer_chunks", "prefetch_batches", "demo");

  /** All checks. */
  public DataConfig {
    if (hdf5Path != null && hdf5Path.isBlank()) {
      throw Checks.invalid("data.hdf5_path", hdf5Path, "is empty; use null for the demo dataset");
    }
    if (hdf5Path == null && demo == null) {
      throw new ConfigException("data.hdf5_path=null asks for the demo dataset, but the config has no data.demo section");
    }
    Checks.notBlank("data.feature_key", featureKey);
    returnLabels = List.copyOf(returnLabels);
    for (String label : returnLabels) {
      Checks.notBlank("data.return_labels", label);
    }
    if (returnLabels.contains(ALL_LABELS) && returnLabels.size() > 1) {
      throw Checks.invalid("data.return_labels", returnLabels, "'all' must be the only entry");
    }
    Checks.atLeast("data.batch_size", batchSize, 1);
    Checks.atLeast("data.num_workers", numWorkers, 0);
    Checks.atLeast("data.shuffle_buffer_chunks", shuffleBufferChunks, 1);
    Checks.atLeast("data.prefetch_batches", prefetchBatches, 0);
  }

  /** The {@code data} section of a resolved config. */
  public static DataConfig from(ResolvedConfig root) {
    Checks.onlyKnownKeys(root, "data", KEYS);
    return new DataConfig(
        root.has("data.hdf5_path") ? root.string("data.hdf5_path") : null,
        Checks.stringOr(root, "data.feature_key", DEFAULT_FEATURE_KEY),
        labels(root),
        Checks.intOr(root, "data.batch_size", DEFAULT_BATCH_SIZE),
        Checks.intOr(root, "data.num_workers", DEFAULT_NUM_WORKERS),
        Checks.intOr(root, "data.shuffle_buffer_chunks", DEFAULT_SHUFFLE_BUFFER_CHUNKS),
        Checks.intOr(root, "data.prefetch_batches", DEFAULT_PREFETCH_BATCHES),
        root.has("data.demo") && root.get("data.demo") != null ? DemoConfig.from(root) : null);
  }

  private static List<String> labels(ResolvedConfig root) {
    if (!root.has("data.return_labels") || root.get("data.return_labels") == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : root.list("data.return_labels")) {
      if (!(o instanceof String s)) {
        throw Checks.invalid("data.return_labels", root.get("data.return_labels"), "entries must be label names, found "
            + Values.describe(o));
      }
      out.add(s);
    }
    return out;
  }

  /** Whether the demo dataset is used (no file given). */
  public boolean usesDemo() {
    return hdf5Path == null;
  }

  /** Whether any labels are read. */
  public boolean hasLabels() {
    return !returnLabels.isEmpty();
  }
}
