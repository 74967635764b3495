package io.vista.core.data.demo;

/**
 * What {@link DemoGenerator} makes.
 *
 * @param trainSamples samples in {@code /training} (at least 1)
 * @param valSamples samples in {@code /validation} (0 allowed)
 * @param tokens tokens per sample T; 0 or 1 writes pooled 2-D {@code (N, d)} latents
 * @param dim latent dimension d (at least 2)
 * @param atoms dictionary size; must hold the attribute (and intersectional) atoms plus one
 * @param activePerToken expected number of atoms firing in one token
 * @param noiseStd standard deviation of the Gaussian noise added to every coordinate
 * @param seed everything (dictionary, labels, latents) is a function of it
 * @param intersectional also plant atoms that fire only when two attributes match together
 * @param scale multiplies every value written (offset, coefficients, noise): real vision-encoder
 *     latents have norms in the tens, and JumpReLU's threshold starts at exp(0) = 1, so its
 *     features only fire on data of such a scale
 */
public record DemoSpec(
    int trainSamples,
    int valSamples,
    int tokens,
    int dim,
    int atoms,
    int activePerToken,
    double noiseStd,
    long seed,
    boolean intersectional,
    double scale) {

  public static final int DEFAULT_TRAIN_SAMPLES = 2000;
  public static final int DEFAULT_VAL_SAMPLES = 500;
  public static final int DEFAULT_TOKENS = 16;
  public static final int DEFAULT_DIM = 64;
  public static final int DEFAULT_ATOMS = 512;
  public static final int DEFAULT_ACTIVE_PER_TOKEN = 8;
  public static final double DEFAULT_NOISE_STD = 0.02;
  public static final long DEFAULT_SEED = 0;

  public DemoSpec {
    require(trainSamples >= 1, "trainSamples", trainSamples, ">= 1");
    require(valSamples >= 0, "valSamples", valSamples, ">= 0");
    require(tokens >= 0, "tokens", tokens, ">= 0");
    require(dim >= 2, "dim", dim, ">= 2");
    int planted = DemoGenerator.plantedAtoms(intersectional);
    require(atoms > planted, "atoms", atoms, "> " + planted + " (the planted atoms)");
    require(activePerToken >= 1 && activePerToken <= atoms, "activePerToken", activePerToken,
        "in [1, atoms]");
    require(noiseStd >= 0 && Double.isFinite(noiseStd), "noiseStd", noiseStd, ">= 0");
    require(scale > 0 && Double.isFinite(scale), "scale", scale, "> 0");
    long elementsPerSample = (long) Math.max(1, tokens) * dim;
    require(elementsPerSample <= Integer.MAX_VALUE / 2, "tokens*dim", elementsPerSample,
        "<= 2^30");
  }

  /** 2000 + 500 samples of 16 tokens in 64 dimensions, 512 atoms, 8 active, noise 0.02. */
  public static DemoSpec defaults() {
    return new DemoSpec(DEFAULT_TRAIN_SAMPLES, DEFAULT_VAL_SAMPLES, DEFAULT_TOKENS, DEFAULT_DIM,
        DEFAULT_ATOMS, DEFAULT_ACTIVE_PER_TOKEN, DEFAULT_NOISE_STD, DEFAULT_SEED, false, 1.0);
  }

  /** True when latents are pooled (one vector per sample, 2-D datasets). */
  public boolean pooled() {
    return tokens <= 1;
  }

  /** Tokens actually generated per sample: 1 when pooled. */
  public int tokensPerSample() {
    return Math.max(1, tokens);
  }

  private static void require(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("DemoSpec." + field + " = " + value + ": must be " + rule);
    }
  }
}
