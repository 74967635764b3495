package io.vista.core.sae;

import io.vista.core.VistaException;
import io.vista.core.internal.text.PythonFloat;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines one sparse autoencoder and how it is trained: shape, variant and its
 * hyper-parameters, optimizer learning rate. Names, defaults and types come from the one settings
 * table {@link SaeSetting}; error messages quote its keys ({@code top_k}, {@code hidden_size}, ...).
 *
 * <pre>{@code
 * SaeSpec spec = SaeSpec.topK(768, 3072, 32);                      // TopK, Python defaults otherwise
 * SaeSpec jr = SaeSpec.builder(SaeVariant.JUMPRELU, 768, 3072).l0Coeff(5e-5).build();
 * }</pre>
 *
 * @param variant the SAE variant
 * @param dIn input width {@code d} ({@code input_size})
 * @param dSae dictionary size {@code m} ({@code hidden_size})
 * @param topK active features per row (topk) or per row on average (batchtopk)
 * @param topKAux features used by the AuxK loss per row (topk, batchtopk)
 * @param auxPenalty AuxK loss weight (topk, batchtopk)
 * @param nBatchesToDead consecutive training batches without firing after which a feature is dead
 * @param l1Coeff L1 penalty weight (vanilla)
 * @param l0Coeff L0 penalty weight (jumprelu)
 * @param bandwidth width of the rectangle kernel of JumpReLU's pseudo-derivatives (jumprelu)
 * @param inference batchtopk outside training: {@code batch} (per-batch top-k, as in training:
 *     an encoding then depends on which rows are encoded together) or {@code threshold} (the
 *     running threshold, independent of the batch)
 * @param thresholdMomentum decay of batchtopk's running threshold estimate
 * @param learningRate Adam learning rate
 * @param sparseDecoder {@code auto}, {@code on} or {@code off}: whether to decode topk/batchtopk
 *     activations sparsely. Reserved: sessions use the dense decoder for {@code auto} and {@code
 *     off} and reject {@code on} (on CPU the sparse kernels measured no faster)
 */
public record SaeSpec(
    SaeVariant variant,
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

  /** Accepted values of {@link #inference()}. */
  public static final List<String> INFERENCE_MODES = List.of("batch", "threshold");
  /** Accepted values of {@link #sparseDecoder()}. */
  public static final List<String> SPARSE_DECODER_MODES = List.of("auto", "on", "off");

  /** Validates every field; the message names the setting's key and value ({@code top_k=0: ...}). */
  public SaeSpec {
    if (variant == null) {
      throw new VistaException("variant: required, one of " + String.join(", ", SaeVariant.names()));
    }
    atLeastOne("input_size", dIn);
    atLeastOne("hidden_size", dSae);
    if (variant.usesTopK()) {
      atLeastOne("top_k", topK);
      if (topK > dSae) {
        throw invalid("top_k", topK, "exceeds hidden_size=" + dSae);
      }
      atLeastOne("top_k_aux", topKAux);
      nonNegative("aux_penalty", auxPenalty);
    }
    atLeastOne("n_batches_to_dead", nBatchesToDead);
    nonNegative("l1_coeff", l1Coeff);
    nonNegative("l0_coeff", l0Coeff);
    positive("bandwidth", bandwidth);
    oneOf("inference", inference, INFERENCE_MODES);
    if (inference.equals("threshold") && !variant.hasThreshold()) {
      throw invalid("inference", "'threshold'", "needs variant batchtopk (running threshold) or jumprelu (learned"
          + " threshold); variant='" + variant + "'");
    }
    if (!(thresholdMomentum >= 0 && thresholdMomentum < 1)) {
      throw invalid("threshold_momentum", thresholdMomentum, "must be in [0, 1)");
    }
    positive("learning_rate", learningRate);
    oneOf("sparse_decoder", sparseDecoder, SPARSE_DECODER_MODES);
  }

  /** A builder starting from the defaults of {@link SaeSetting}. */
  public static Builder builder(SaeVariant variant, int dIn, int dSae) {
    return new Builder().variant(variant).dIn(dIn).dSae(dSae);
  }

  /** As {@link #builder(SaeVariant, int, int)} with the variant's config name. */
  public static Builder builder(String variant, int dIn, int dSae) {
    return builder(SaeVariant.fromName(variant), dIn, dSae);
  }

  /** The spec with the defaults for everything but variant and shape. */
  public static SaeSpec defaults(SaeVariant variant, int dIn, int dSae) {
    return builder(variant, dIn, dSae).build();
  }

  /** As {@link #defaults(SaeVariant, int, int)} with the variant's config name. */
  public static SaeSpec defaults(String variant, int dIn, int dSae) {
    return defaults(SaeVariant.fromName(variant), dIn, dSae);
  }

  /** A TopK SAE of {@code k} active features per row, defaults otherwise. */
  public static SaeSpec topK(int dIn, int dSae, int k) {
    return builder(SaeVariant.TOPK, dIn, dSae).topK(k).build();
  }

  /**
   * A spec from settings keyed as {@link SaeSetting} names them (values as Numbers or Strings, as
   * YAML, JSON and pickles deliver them); missing settings take their defaults, except the variant
   * and the sizes, which are required. Keys that are not settings are an error: use {@link
   * SaeSetting#forKey} to filter first when extra keys are expected.
   *
   * @param where names the source in error messages (a file, {@code module}, ...)
   */
  public static SaeSpec fromSettings(Map<String, ?> values, String where) {
    java.util.List<String> unknown = SaeSetting.unknownKeys(values);
    if (!unknown.isEmpty()) {
      throw new VistaException((where.isEmpty() ? "" : where + ": ") + "unknown SAE setting(s) " + unknown + "; known: " + SaeSetting.keys());
    }
    Builder b = new Builder();
    for (SaeSetting s : SaeSetting.values()) {
      Object v = values.get(s.key());
      if (v != null) {
        s.set(b, v, where);
      } else if (s.defaultValue() == null || s == SaeSetting.VARIANT) {
        throw new VistaException((where.isEmpty() ? "" : where + ": ") + "'" + s.key() + "' is required (found "
            + values.keySet() + ")");
      }
    }
    try {
      return b.build();
    } catch (VistaException e) {
      throw new VistaException(where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage(), e);
    }
  }

  /** Every setting of this spec by its key, in {@link SaeSetting} order. */
  public Map<String, Object> settings() {
    return SaeSetting.settingsOf(this);
  }

  /** A builder initialised from this spec. */
  public Builder toBuilder() {
    return new Builder()
        .variant(variant)
        .dIn(dIn)
        .dSae(dSae)
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
    return variant.usesTopK();
  }

  /**
   * Whether an encoding depends on which rows are encoded together: batchtopk with {@code
   * inference = batch} selects its k*rows active entries over the whole call.
   */
  public boolean batchDependent() {
    return variant == SaeVariant.BATCHTOPK && inference.equals("batch");
  }

  private static VistaException invalid(String key, Object value, String why) {
    String shown = value instanceof Double d ? PythonFloat.repr(d) : String.valueOf(value);
    return new VistaException(key + "=" + shown + ": " + why);
  }

  private static void atLeastOne(String key, int value) {
    if (value < 1) {
      throw invalid(key, value, "must be at least 1");
    }
  }

  private static void nonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(key, value, "must be a finite number, 0 or more");
    }
  }

  private static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(key, value, "must be a finite number greater than 0");
    }
  }

  private static void oneOf(String key, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw invalid(key, "'" + value + "'", "must be one of " + String.join(", ", allowed));
    }
  }

  private static int intDefault(SaeSetting s) {
    return (Integer) s.defaultValue();
  }

  private static double doubleDefault(SaeSetting s) {
    return ((Number) s.defaultValue()).doubleValue();
  }

  /** Mutable builder starting from the {@link SaeSetting} defaults; {@link #build()} validates. */
  public static final class Builder {
    private SaeVariant variant = SaeVariant.fromName((String) SaeSetting.VARIANT.defaultValue());
    private int dIn;
    private int dSae;
    private int topK = intDefault(SaeSetting.TOP_K);
    private int topKAux = intDefault(SaeSetting.TOP_K_AUX);
    private double auxPenalty = doubleDefault(SaeSetting.AUX_PENALTY);
    private int nBatchesToDead = intDefault(SaeSetting.N_BATCHES_TO_DEAD);
    private double l1Coeff = doubleDefault(SaeSetting.L1_COEFF);
    private double l0Coeff = doubleDefault(SaeSetting.L0_COEFF);
    private double bandwidth = doubleDefault(SaeSetting.BANDWIDTH);
    private String inference = (String) SaeSetting.INFERENCE.defaultValue();
    private double thresholdMomentum = doubleDefault(SaeSetting.THRESHOLD_MOMENTUM);
    private double learningRate = doubleDefault(SaeSetting.LEARNING_RATE);
    private String sparseDecoder = (String) SaeSetting.SPARSE_DECODER.defaultValue();

    private Builder() {}

    /** Sets {@code variant}. */
    public Builder variant(SaeVariant v) {
      variant = v;
      return this;
    }

    /** Sets {@code input_size}. */
    public Builder dIn(int v) {
      dIn = v;
      return this;
    }

    /** Sets {@code hidden_size}. */
    public Builder dSae(int v) {
      dSae = v;
      return this;
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
