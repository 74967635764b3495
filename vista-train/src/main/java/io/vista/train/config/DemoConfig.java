package io.vista.train.config;

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
 * @param atoms size of the planted dictionary of unit-norm atoms
 * @param activePerToken expected number of atoms firing in one token
 * @param noiseStd standard deviation of the Gaussian noise on every coordinate
 * @param seed generator seed
 * @param intersectional also plant atoms that fire only when two attributes match together
 * @param scale multiplies every generated value (real encoder latents have norms in the tens)
 */
public record DemoConfig(
    String path, int inputSize, int tokens, int trainSamples, int validationSamples, int atoms,
    int activePerToken, double noiseStd, long seed, boolean intersectional, double scale) {

  static final List<String> KEYS = List.of("path", "input_size", "tokens", "train_samples", "validation_samples",
      "atoms", "active_per_token", "noise_std", "seed", "intersectional", "scale");

  /** All checks. */
  public DemoConfig {
    Checks.notBlank("data.demo.path", path);
    Checks.atLeast("data.demo.input_size", inputSize, 1);
    Checks.atLeast("data.demo.tokens", tokens, 0);
    Checks.atLeast("data.demo.train_samples", trainSamples, 1);
    Checks.atLeast("data.demo.validation_samples", validationSamples, 1);
    Checks.atLeast("data.demo.atoms", atoms, 2);
    Checks.atLeast("data.demo.active_per_token", activePerToken, 1);
    if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
      throw new ConfigException("data.demo.noise_std=" + noiseStd + ": must be a finite number >= 0");
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new ConfigException("data.demo.scale=" + scale + ": must be a finite number > 0");
    }
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
        root.integer("data.demo.atoms"),
        root.integer("data.demo.active_per_token"),
        root.number("data.demo.noise_std"),
        root.longValue("data.demo.seed"),
        root.bool("data.demo.intersectional"),
        root.number("data.demo.scale"));
  }
}
