package io.vista.train.config;

import java.util.List;

/**
 * Sparse autoencoder training settings ({@code module/sae.yaml}); defaults are the Python
 * VISTA's ({@code src/models/sparse_autoencoder.py}, {@code src/modules/sae.py}).
 *
 * @param variant one of {@link #VARIANTS}
 * @param inputSize width of the input latents
 * @param hiddenSize number of SAE features
 * @param learningRate Adam learning rate
 * @param topK active features per sample (topk) or mean active per sample over a batch (batchtopk)
 * @param topKAux dead features in the auxiliary reconstruction of the residual (topk, batchtopk)
 * @param auxPenalty weight of the auxiliary loss (topk, batchtopk)
 * @param nBatchesToDead consecutive batches without firing after which a feature counts as dead
 * @param l1Coeff L1 sparsity weight (vanilla)
 * @param l0Coeff L0 sparsity weight (jumprelu)
 * @param bandwidth width of the rectangle kernel in JumpReLU's threshold gradient (jumprelu)
 * @param inference batchtopk encoding at evaluation: {@code batch} (top-k over the batch) or
 *     {@code threshold} (running threshold, independent of the batch)
 * @param sparseDecoder {@code auto}, {@code on} or {@code off}: sparse decoder matmul for k-sparse codes
 * @param thresholdMomentum momentum of batchtopk's running threshold, in [0, 1)
 */
public record SaeModuleConfig(
    String variant,
    int inputSize,
    int hiddenSize,
    double learningRate,
    int topK,
    int topKAux,
    double auxPenalty,
    int nBatchesToDead,
    double l1Coeff,
    double l0Coeff,
    double bandwidth,
    String inference,
    String sparseDecoder,
    double thresholdMomentum)
    implements ModuleConfig {

  /** SAE variants, as named in the Python {@code SAE_VARIANTS}. */
  public static final List<String> VARIANTS = List.of("vanilla", "topk", "batchtopk", "jumprelu");
  /** Encoding modes at evaluation. */
  public static final List<String> INFERENCE_MODES = List.of("batch", "threshold");
  /** Sparse decoder settings. */
  public static final List<String> SPARSE_DECODER_MODES = List.of("auto", "on", "off");

  // Defaults for keys a config leaves out: the Python constructors' defaults.
  public static final String DEFAULT_VARIANT = "batchtopk";
  public static final double DEFAULT_LEARNING_RATE = 1e-4;
  public static final int DEFAULT_TOP_K = 64;
  public static final int DEFAULT_TOP_K_AUX = 512;
  public static final double DEFAULT_AUX_PENALTY = 1.0 / 32;
  public static final int DEFAULT_N_BATCHES_TO_DEAD = 5;
  public static final double DEFAULT_L1_COEFF = 1e-4;
  public static final double DEFAULT_L0_COEFF = 1e-4;
  public static final double DEFAULT_BANDWIDTH = 0.001;
  public static final String DEFAULT_INFERENCE = "batch";
  public static final String DEFAULT_SPARSE_DECODER = "auto";
  public static final double DEFAULT_THRESHOLD_MOMENTUM = 0.99;

  private static final List<String> KEYS = List.of("variant", "input_size", "hidden_size", "learning_rate", "top_k",
      "top_k_aux", "aux_penalty", "n_batches_to_dead", "l1_coeff", "l0_coeff", "bandwidth", "inference",
      "sparse_decoder", "threshold_momentum");

  /** All checks, before any work is done. */
  public SaeModuleConfig {
    Checks.oneOf("module.variant", variant, VARIANTS);
    Checks.atLeast("module.input_size", inputSize, 1);
    Checks.atLeast("module.hidden_size", hiddenSize, 1);
    Checks.positive("module.learning_rate", learningRate);
    if (usesTopK(variant)) {
      Checks.atLeast("module.top_k", topK, 1);
      if (topK > hiddenSize) {
        throw Checks.invalid("module.top_k", topK, "exceeds module.hidden_size=" + hiddenSize);
      }
    }
    Checks.atLeast("module.top_k_aux", topKAux, 0);
    Checks.nonNegative("module.aux_penalty", auxPenalty);
    Checks.atLeast("module.n_batches_to_dead", nBatchesToDead, 1);
    Checks.nonNegative("module.l1_coeff", l1Coeff);
    Checks.nonNegative("module.l0_coeff", l0Coeff);
    Checks.positive("module.bandwidth", bandwidth);
    Checks.oneOf("module.inference", inference, INFERENCE_MODES);
    if (inference.equals("threshold") && (variant.equals("vanilla") || variant.equals("topk"))) {
      throw Checks.invalid("module.inference", inference,
          "needs variant batchtopk (running threshold) or jumprelu (learned threshold); module.variant='" + variant + "'");
    }
    Checks.oneOf("module.sparse_decoder", sparseDecoder, SPARSE_DECODER_MODES);
    if (!(thresholdMomentum >= 0 && thresholdMomentum < 1)) {
      throw Checks.invalid("module.threshold_momentum", thresholdMomentum, "must be in [0, 1)");
    }
  }

  /** The {@code module} section of a resolved config; keys the Python configs lack take the Python defaults. */
  public static SaeModuleConfig from(ResolvedConfig root) {
    Checks.onlyKnownKeys(root, "module", KEYS);
    return new SaeModuleConfig(
        Checks.stringOr(root, "module.variant", DEFAULT_VARIANT),
        root.integer("module.input_size"),
        root.integer("module.hidden_size"),
        Checks.numberOr(root, "module.learning_rate", DEFAULT_LEARNING_RATE),
        Checks.intOr(root, "module.top_k", DEFAULT_TOP_K),
        Checks.intOr(root, "module.top_k_aux", DEFAULT_TOP_K_AUX),
        Checks.numberOr(root, "module.aux_penalty", DEFAULT_AUX_PENALTY),
        Checks.intOr(root, "module.n_batches_to_dead", DEFAULT_N_BATCHES_TO_DEAD),
        Checks.numberOr(root, "module.l1_coeff", DEFAULT_L1_COEFF),
        Checks.numberOr(root, "module.l0_coeff", DEFAULT_L0_COEFF),
        Checks.numberOr(root, "module.bandwidth", DEFAULT_BANDWIDTH),
        Checks.stringOr(root, "module.inference", DEFAULT_INFERENCE),
        Checks.stringOr(root, "module.sparse_decoder", DEFAULT_SPARSE_DECODER),
        Checks.numberOr(root, "module.threshold_momentum", DEFAULT_THRESHOLD_MOMENTUM));
  }

  /** Whether {@code variant} keeps a fixed number of features (topk, batchtopk). */
  public static boolean usesTopK(String variant) {
    return variant.equals("topk") || variant.equals("batchtopk");
  }

  @Override
  public String name() {
    return "sae";
  }
}
