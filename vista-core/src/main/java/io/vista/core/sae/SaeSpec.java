package io.vista.core.sae;

import io.vista.core.VistaException;
import java.util.List;

/**
 * Everything that defines one sparse autoencoder and how it is trained: shape, variant and its
 * hyper-parameters, optimizer learning rate. Field names follow the Python config keys
 * ({@code variant}, {@code input_size}, {@code hidden_size}, {@code top_k}, ...), which error
 * messages quote.
 *
 * @param variant one of {@link SaeRegistry#variants()}: vanilla, topk, batchtopk, jumprelu
 * @param dIn input width {@code d} ({@code input_size})
 * @param dSae dictionary size {@code m} ({@code hidden_size})
 * @param topK active features per row (topk) or per row on average (batchtopk)
 * @param topKAux features used by the AuxK loss per row (topk, batchtopk)
 * @param auxPenalty AuxK loss weight (topk, batchtopk)
 * @param nBatchesToDead consecutive training batches without firing after which a feature is dead
 * @param l1Coeff L1 penalty weight (vanilla)
 * @param l0Coeff L0 penalty weight (jumprelu)
 * @param bandwidth width of the rectangle kernel of JumpReLU's pseudo-derivatives (jumprelu)
 * @param inference batchtopk at inference: {@code batch} (per-batch top-k, as in training) or
 *     {@code threshold} (the running threshold, independent of the batch)
 * @param thresholdMomentum decay of batchtopk's running threshold estimate
 * @param learningRate Adam learning rate
 * @param sparseDecoder {@code auto}, {@code on} or {@code off}: whether to decode topk/batchtopk
 *     activations sparsely. Reserved: sessions use the dense decoder for {@code auto} and {@code
 *     off} and reject {@code on} (on CPU the sparse kernels measured no faster)
 */
public record SaeSpec(
    String variant,
    int dIn,
    int dSae,
    int topK,
    int topKAux,
    double auxPenalty,
    int nBatchesToDead,
    double l1Coeff,
    double l0Coeff,
    double bandwidth,
    String inference,
    double thresholdMomentum,
    double learningRate,
    String sparseDecoder) {

  /** The Python default {@code top_k}. */
  public static final int DEFAULT_TOP_K = 64;
  /** The Python default {@code top_k_aux}. */
  public static final int DEFAULT_TOP_K_AUX = 512;
  /** The Python default {@code aux_penalty} (1/32). */
  public static final double DEFAULT_AUX_PENALTY = 1.0 / 32;
  /** The Python default {@code n_batches_to_dead}. */
  public static final int DEFAULT_N_BATCHES_TO_DEAD = 5;
  /** The Python default {@code l1_coeff}. */
  public static final double DEFAULT_L1_COEFF = 1e-4;
  /** The Python default {@code l0_coeff}. */
  public static final double DEFAULT_L0_COEFF = 1e-4;
  /** The Python default {@code bandwidth}. */
  public static final double DEFAULT_BANDWIDTH = 0.001;
  /** dictionary_learning's {@code threshold_beta} for BatchTopK's running threshold. */
  public static final double DEFAULT_THRESHOLD_MOMENTUM = 0.999;
  /** The Python default {@code learning_rate}. */
  public static final double DEFAULT_LEARNING_RATE = 1e-4;

  /** Accepted values of {@link #inference()}. */
  public static final List<String> INFERENCE_MODES = List.of("batch", "threshold");
  /** Accepted values of {@link #sparseDecoder()}. */
  public static final List<String> SPARSE_DECODER_MODES = List.of("auto", "on", "off");

  /** Validates every field; the message names the config key at fault. */
  public SaeSpec {
    if (variant == null || !SaeRegistry.variants().contains(variant)) {
      throw new VistaException(
          "variant = '" + variant + "' is not one of " + SaeRegistry.variants());
    }
    positive("input_size", dIn);
    positive("hidden_size", dSae);
    if (usesTopK(variant)) {
      if (topK < 1 || topK > dSae) {
        throw new VistaException("top_k = " + topK + " must be in [1, hidden_size = " + dSae + "]");
      }
      positive("top_k_aux", topKAux);
      nonNegative("aux_penalty", auxPenalty);
    }
    positive("n_batches_to_dead", nBatchesToDead);
    nonNegative("l1_coeff", l1Coeff);
    nonNegative("l0_coeff", l0Coeff);
    if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
      throw new VistaException("bandwidth = " + bandwidth + " must be a positive number");
    }
    if (!INFERENCE_MODES.contains(inference)) {
      throw new VistaException("inference = '" + inference + "' is not one of " + INFERENCE_MODES);
    }
    if (!(thresholdMomentum >= 0 && thresholdMomentum < 1)) {
      throw new VistaException("threshold_momentum = " + thresholdMomentum + " must be in [0, 1)");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new VistaException("learning_rate = " + learningRate + " must be a positive number");
    }
    if (!SPARSE_DECODER_MODES.contains(sparseDecoder)) {
      throw new VistaException(
          "sparse_decoder = '" + sparseDecoder + "' is not one of " + SPARSE_DECODER_MODES);
    }
  }

  /** A builder starting from the Python defaults. */
  public static Builder builder(String variant, int dIn, int dSae) {
    return new Builder(variant, dIn, dSae);
  }

  /** The spec with the Python defaults for everything but variant and shape. */
  public static SaeSpec defaults(String variant, int dIn, int dSae) {
    return builder(variant, dIn, dSae).build();
  }

  /** A builder initialised from this spec. */
  public Builder toBuilder() {
    return new Builder(variant, dIn, dSae)
        .topK(topK)
        .topKAux(topKAux)
        .auxPenalty(auxPenalty)
        .nBatchesToDead(nBatchesToDead)
        .l1Coeff(l1Coeff)
        .l0Coeff(l0Coeff)
        .bandwidth(bandwidth)
        .inference(inference)
        .thresholdMomentum(thresholdMomentum)
        .learningRate(learningRate)
        .sparseDecoder(sparseDecoder);
  }

  /** Whether the variant selects a fixed number of features (topk, batchtopk). */
  public boolean hasTopK() {
    return usesTopK(variant);
  }

  private static boolean usesTopK(String variant) {
    return "topk".equals(variant) || "batchtopk".equals(variant);
  }

  private static void positive(String key, int value) {
    if (value < 1) {
      throw new VistaException(key + " = " + value + " must be >= 1");
    }
  }

  private static void nonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new VistaException(key + " = " + value + " must be a finite number >= 0");
    }
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private final String variant;
    private final int dIn;
    private final int dSae;
    private int topK = DEFAULT_TOP_K;
    private int topKAux = DEFAULT_TOP_K_AUX;
    private double auxPenalty = DEFAULT_AUX_PENALTY;
    private int nBatchesToDead = DEFAULT_N_BATCHES_TO_DEAD;
    private double l1Coeff = DEFAULT_L1_COEFF;
    private double l0Coeff = DEFAULT_L0_COEFF;
    private double bandwidth = DEFAULT_BANDWIDTH;
    private String inference = "batch";
    private double thresholdMomentum = DEFAULT_THRESHOLD_MOMENTUM;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private String sparseDecoder = "auto";

    private Builder(String variant, int dIn, int dSae) {
      this.variant = variant;
      this.dIn = dIn;
      this.dSae = dSae;
    }

    /** Sets {@code top_k}. */
    public Builder topK(int v) {
      topK = v;
      return this;
    }

    /** Sets {@code top_k_aux}. */
    public Builder topKAux(int v) {
      topKAux = v;
      return this;
    }

    /** Sets {@code aux_penalty}. */
    public Builder auxPenalty(double v) {
      auxPenalty = v;
      return this;
    }

    /** Sets {@code n_batches_to_dead}. */
    public Builder nBatchesToDead(int v) {
      nBatchesToDead = v;
      return this;
    }

    /** Sets {@code l1_coeff}. */
    public Builder l1Coeff(double v) {
      l1Coeff = v;
      return this;
    }

    /** Sets {@code l0_coeff}. */
    public Builder l0Coeff(double v) {
      l0Coeff = v;
      return this;
    }

    /** Sets {@code bandwidth}. */
    public Builder bandwidth(double v) {
      bandwidth = v;
      return this;
    }

    /** Sets {@code inference}. */
    public Builder inference(String v) {
      inference = v;
      return this;
    }

    /** Sets {@code threshold_momentum}. */
    public Builder thresholdMomentum(double v) {
      thresholdMomentum = v;
      return this;
    }

    /** Sets {@code learning_rate}. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** Sets {@code sparse_decoder}. */
    public Builder sparseDecoder(String v) {
      sparseDecoder = v;
      return this;
    }

    /** The validated spec. */
    public SaeSpec build() {
      return new SaeSpec(
          variant, dIn, dSae, topK, topKAux, auxPenalty, nBatchesToDead, l1Coeff, l0Coeff,
          bandwidth, inference, thresholdMomentum, learningRate, sparseDecoder);
    }
  }
}
