package io.vista.core.sae;

import io.vista.core.VistaException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of SAE settings: every key of {@code module/sae.yaml}, of {@code cfg.json}'s
 * {@code vista} object and of the Python VISTA's Lightning {@code hyper_parameters}, with its type
 * and default. {@link SaeSpec}'s builder, the YAML config (vista-train), {@code cfg.json} and the
 * checkpoint importers all read defaults and names from here, so they cannot drift apart.
 *
 * <p>Defaults are the Python VISTA's ({@code SAEModule}, {@code build_sae} and the variant
 * constructors in {@code src/models/sparse_autoencoder.py}); the settings the Python does not have
 * ({@link #pythonHasIt()} false) are this project's additions, with their own documented defaults.
 *
 * <pre>{@code
 * Map<String, Object> hp = spec.settings();                 // {variant=topk, input_size=768, ...}
 * SaeSpec same = SaeSpec.fromSettings(hp, "cfg.json");
 * }</pre>
 */
public enum SaeSetting {
  /** {@code variant}: vanilla, topk, batchtopk or jumprelu. */
  VARIANT("variant", Kind.STRING, "batchtopk", true),
  /** {@code input_size}: width d of the input latents (no default: it follows the data). */
  INPUT_SIZE("input_size", Kind.INT, null, true),
  /** {@code hidden_size}: dictionary size m (no default: it follows the model config). */
  HIDDEN_SIZE("hidden_size", Kind.INT, null, true),
  /** {@code learning_rate}: Adam learning rate. */
  LEARNING_RATE("learning_rate", Kind.DOUBLE, 1e-4, true),
  /** {@code top_k}: active features per row (topk) or per row on average (batchtopk). */
  TOP_K("top_k", Kind.INT, 64, true),
  /** {@code top_k_aux}: dead features used by the AuxK loss per row (topk, batchtopk). */
  TOP_K_AUX("top_k_aux", Kind.INT, 512, true),
  /** {@code aux_penalty}: AuxK loss weight, 1/32 (topk, batchtopk). */
  AUX_PENALTY("aux_penalty", Kind.DOUBLE, 1.0 / 32, true),
  /** {@code n_batches_to_dead}: batches without firing after which a feature is dead. */
  N_BATCHES_TO_DEAD("n_batches_to_dead", Kind.INT, 5, true),
  /** {@code l1_coeff}: L1 penalty weight (vanilla). */
  L1_COEFF("l1_coeff", Kind.DOUBLE, 1e-4, true),
  /** {@code l0_coeff}: L0 penalty weight (jumprelu). */
  L0_COEFF("l0_coeff", Kind.DOUBLE, 1e-4, true),
  /** {@code bandwidth}: rectangle-kernel width of JumpReLU's pseudo-derivative (jumprelu). */
  BANDWIDTH("bandwidth", Kind.DOUBLE, 0.001, true),
  /**
   * {@code inference}: how batchtopk encodes outside training: {@code batch} (top k*rows over the
   * batch, as the Python) or {@code threshold} (its running threshold, batch-independent; also
   * accepted for jumprelu, whose encoding always uses its threshold).
   */
  INFERENCE("inference", Kind.STRING, "batch", false),
  /** {@code sparse_decoder}: auto, on or off (reserved; the dense decoder runs). */
  SPARSE_DECODER("sparse_decoder", Kind.STRING, "auto", false),
  /**
   * {@code threshold_momentum}: decay of batchtopk's running threshold. The Python VISTA keeps no
   * running threshold; 0.999 is dictionary_learning's {@code threshold_beta}, the reference
   * BatchTopK trainer's.
   */
  THRESHOLD_MOMENTUM("threshold_momentum", Kind.DOUBLE, 0.999, false);

  /** The value type of a setting. */
  public enum Kind {
    /** A whole number. */
    INT,
    /** A real number. */
    DOUBLE,
    /** A word from a fixed set. */
    STRING
  }

  private final String key;
  private final Kind kind;
  private final Object defaultValue;
  private final boolean pythonHasIt;

  SaeSetting(String key, Kind kind, Object defaultValue, boolean pythonHasIt) {
    this.key = key;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.pythonHasIt = pythonHasIt;
  }

  /** The key in YAML ({@code module.<key>}), {@code cfg.json} and Lightning hyper-parameters. */
  public String key() {
    return key;
  }

  /** The value type. */
  public Kind kind() {
    return kind;
  }

  /** The default value (Integer, Double or String); null for the sizes, which have none. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** Whether the Python VISTA has this setting (its Lightning checkpoints may carry it). */
  public boolean pythonHasIt() {
    return pythonHasIt;
  }

  /** Whether the setting means anything for {@code variant} (e.g. {@code top_k} only for topk and batchtopk). */
  public boolean appliesTo(SaeVariant variant) {
    return switch (this) {
      case TOP_K, TOP_K_AUX, AUX_PENALTY -> variant.usesTopK();
      case L1_COEFF -> variant == SaeVariant.VANILLA;
      case L0_COEFF, BANDWIDTH -> variant == SaeVariant.JUMPRELU;
      case INFERENCE -> variant.hasThreshold();
      case THRESHOLD_MOMENTUM -> variant == SaeVariant.BATCHTOPK;
      case SPARSE_DECODER -> variant.usesTopK();
      default -> true;
    };
  }

  /** Every key, in table order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(SaeSetting::key).toList();
  }

  /** The setting for {@code key}, or null. */
  public static SaeSetting forKey(String key) {
    for (SaeSetting s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    return null;
  }

  /** This setting's value in {@code spec} (Integer, Double or String). */
  public Object get(SaeSpec spec) {
    return switch (this) {
      case VARIANT -> spec.variant().configName();
      case INPUT_SIZE -> spec.dIn();
      case HIDDEN_SIZE -> spec.dSae();
      case LEARNING_RATE -> spec.learningRate();
      case TOP_K -> spec.topK();
      case TOP_K_AUX -> spec.topKAux();
      case AUX_PENALTY -> spec.auxPenalty();
      case N_BATCHES_TO_DEAD -> spec.nBatchesToDead();
      case L1_COEFF -> spec.l1Coeff();
      case L0_COEFF -> spec.l0Coeff();
      case BANDWIDTH -> spec.bandwidth();
      case INFERENCE -> spec.inference();
      case SPARSE_DECODER -> spec.sparseDecoder();
      case THRESHOLD_MOMENTUM -> spec.thresholdMomentum();
    };
  }

  /**
   * Sets this setting on {@code b} from a raw value (a Number, a numeric or word String, as YAML,
   * JSON and pickles deliver them); the message of a bad value names {@code where} and the key.
   */
  void set(SaeSpec.Builder b, Object raw, String where) {
    switch (this) {
      case VARIANT -> b.variant(SaeVariant.fromName(word(raw, where)));
      case INPUT_SIZE -> b.dIn(integer(raw, where));
      case HIDDEN_SIZE -> b.dSae(integer(raw, where));
      case LEARNING_RATE -> b.learningRate(real(raw, where));
      case TOP_K -> b.topK(integer(raw, where));
      case TOP_K_AUX -> b.topKAux(integer(raw, where));
      case AUX_PENALTY -> b.auxPenalty(real(raw, where));
      case N_BATCHES_TO_DEAD -> b.nBatchesToDead(integer(raw, where));
      case L1_COEFF -> b.l1Coeff(real(raw, where));
      case L0_COEFF -> b.l0Coeff(real(raw, where));
      case BANDWIDTH -> b.bandwidth(real(raw, where));
      case INFERENCE -> b.inference(word(raw, where));
      case SPARSE_DECODER -> b.sparseDecoder(word(raw, where));
      case THRESHOLD_MOMENTUM -> b.thresholdMomentum(real(raw, where));
    }
  }

  /** The settings of {@code spec}, keyed as in the table, in table order. */
  static Map<String, Object> settingsOf(SaeSpec spec) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SaeSetting s : values()) {
      out.put(s.key, s.get(spec));
    }
    return out;
  }

  /** Keys of {@code values} that are not settings. */
  static List<String> unknownKeys(Map<String, ?> values) {
    List<String> unknown = new ArrayList<>();
    for (String k : values.keySet()) {
      if (forKey(k) == null) {
        unknown.add(k);
      }
    }
    return unknown;
  }

  private String prefix(String where) {
    return (where == null || where.isEmpty() ? "" : where + ": ") + key;
  }

  private String word(Object raw, String where) {
    if (raw instanceof String s) {
      return s;
    }
    throw new VistaException(prefix(where) + " = " + raw + " is not a word");
  }

  private int integer(Object raw, String where) {
    double d = real(raw, where);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new VistaException(prefix(where) + " = " + raw + " is not an integer");
    }
    return (int) d;
  }

  private double real(Object raw, String where) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new VistaException(prefix(where) + " = '" + raw + "' is not a number");
  }
}
