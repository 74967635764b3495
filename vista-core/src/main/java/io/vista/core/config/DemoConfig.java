package io.vista.core.config;

import java.util.List;

/**
 * The synthetic FairFace-shaped dataset used when {@code data.hdf5_path} is null
 * ({@code data.demo}).
 *
 * @param path HDF5 file to write once and read afterwards
 * @param inputSize width of the synthetic latents
 * @param tokens tokens per image; 0 = one pooled vector per image (rank-2 {@code encoded})
 * @param trainSamples images in {@code /training}
 * @param validationSamples images in {@code /validation}
 * @param chunkRows rows per HDF5 chunk
 * @param seed generator seed
 */
public record DemoConfig(
    String path, int inputSize, int tokens, int trainSamples, int validationSamples, int chunkRows, long seed) {

  static final List<String> KEYS =
      List.of("path", "input_size", "tokens", "train_samples", "validation_samples", "chunk_rows", "seed");

  /** All checks. */
  public DemoConfig {
    Checks.notBlank("data.demo.path", path);
    Checks.atLeast("data.demo.input_size", inputSize, 1);
    Checks.atLeast("data.demo.tokens", tokens, 0);
    Checks.atLeast("data.demo.train_samples", trainSamples, 1);
    Checks.atLeast("data.demo.validation_samples", validationSamples, 1);
    Checks.atLeast("data.demo.chunk_rows", chunkRows, 1);
  }

  /** The {@code data.demo} section of a resolved config. */
  public static DemoConfig from(ResolvedConfig root) {
    Checks.onlyKnownKeys(root, "data.demo", KEYS);
    return new DemoConfig(
        root.string("data.demo.path"),
        root.integer("data.demo.input_size"),
        root.integer("data.demo.tokens"),
        root.integer("data.demo.train_samples"),
        root.integer("data.demo.validation_samples"),
        root.integer("data.demo.chunk_rows"),
        root.longValue("data.demo.seed"));
  }
}
