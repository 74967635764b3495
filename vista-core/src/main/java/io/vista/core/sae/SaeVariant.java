package io.vista.core.sae;

import io.vista.core.VistaException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The four SAE variants of the Python VISTA project, each with its config name ({@code
 * module.variant}), its SAELens {@code architecture} name, the weights a checkpoint of it holds
 * and the graph that implements its maths (one class per variant).
 *
 * <pre>{@code
 * SaeVariant v = SaeVariant.fromName("topk");        // as written in YAML, cfg.json, hyper_parameters
 * SaeSpec spec = SaeSpec.builder(v, 768, 3072).topK(32).build();
 * }</pre>
 */
public enum SaeVariant {
  /** ReLU encoder with an L1 penalty ({@link VanillaSae}); SAELens calls it "standard". */
  VANILLA("vanilla", "standard", List.of(), VanillaSae::new),
  /** Per-row top-k with AuxK ({@link TopKSae}). */
  TOPK("topk", "topk", List.of(), TopKSae::new),
  /** Top k*rows over the whole batch with AuxK and a running threshold ({@link BatchTopKSae}). */
  BATCHTOPK("batchtopk", "batchtopk", List.of(SaeWeights.THRESHOLD), BatchTopKSae::new),
  /** Learned per-feature thresholds with an L0 penalty ({@link JumpReLUSae}). */
  JUMPRELU("jumprelu", "jumprelu", List.of(SaeWeights.LOG_THRESHOLD, SaeWeights.THRESHOLD), JumpReLUSae::new);

  private final String configName;
  private final String saeLensArchitecture;
  private final List<String> extraWeights;
  private final Function<SaeSpec, SparseAutoencoder> graph;

  SaeVariant(String configName, String saeLensArchitecture, List<String> extraWeights,
             Function<SaeSpec, SparseAutoencoder> graph) {
    this.configName = configName;
    this.saeLensArchitecture = saeLensArchitecture;
    this.extraWeights = extraWeights;
    this.graph = graph;
  }

  /** The name in configs, {@code cfg.json}'s {@code vista.variant} and Lightning hyper-parameters. */
  public String configName() {
    return configName;
  }

  /** SAELens's {@code architecture} value for this variant. */
  public String saeLensArchitecture() {
    return saeLensArchitecture;
  }

  /** Whether the variant keeps a fixed number of features ({@code top_k}, AuxK). */
  public boolean usesTopK() {
    return this == TOPK || this == BATCHTOPK;
  }

  /** Whether the variant has a threshold usable for batch-independent inference. */
  public boolean hasThreshold() {
    return this == BATCHTOPK || this == JUMPRELU;
  }

  /**
   * The weight names of a checkpoint, in export order: {@code W_enc, b_enc, W_dec, b_dec} and the
   * variant's extras ({@code threshold} for batchtopk; {@code log_threshold, threshold} for
   * jumprelu).
   */
  public List<String> weightNames() {
    List<String> names = new java.util.ArrayList<>(
        List.of(SaeWeights.W_ENC, SaeWeights.B_ENC, SaeWeights.W_DEC, SaeWeights.B_DEC));
    names.addAll(extraWeights);
    return List.copyOf(names);
  }

  /** The graph builder implementing this variant. */
  SparseAutoencoder graph(SaeSpec spec) {
    return graph.apply(spec);
  }

  /** The variant named {@code name} in configs ({@code vanilla, topk, batchtopk, jumprelu}). */
  public static SaeVariant fromName(String name) {
    for (SaeVariant v : values()) {
      if (v.configName.equals(name)) {
        return v;
      }
    }
    throw new VistaException("variant='" + name + "': must be one of " + String.join(", ", names()));
  }

  /** The variant of a SAELens {@code architecture} ({@code standard} or {@code vanilla} = vanilla). */
  public static SaeVariant fromSaeLensArchitecture(String architecture) {
    if ("vanilla".equals(architecture)) {
      return VANILLA;
    }
    for (SaeVariant v : values()) {
      if (v.saeLensArchitecture.equals(architecture)) {
        return v;
      }
    }
    throw new VistaException("architecture '" + architecture
        + "' is not one of standard, topk, batchtopk, jumprelu");
  }

  /** The config names, in the Python project's order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(SaeVariant::configName).toList();
  }

  @Override
  public String toString() {
    return configName;
  }
}
