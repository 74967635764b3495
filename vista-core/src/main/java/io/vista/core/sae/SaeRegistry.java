package io.vista.core.sae;

import io.vista.core.VistaException;
import java.util.List;

/** The SAE variants by their config name. */
public final class SaeRegistry {
  private static final List<String> VARIANTS = List.of("vanilla", "topk", "batchtopk", "jumprelu");

  private SaeRegistry() {}

  /** The variant names, in the Python project's order. */
  public static List<String> variants() {
    return VARIANTS;
  }

  /** The model for {@code spec.variant()}. */
  public static SparseAutoencoder forSpec(SaeSpec spec) {
    return switch (spec.variant()) {
      case "vanilla" -> new VanillaSae(spec);
      case "topk" -> new TopKSae(spec);
      case "batchtopk" -> new BatchTopKSae(spec);
      case "jumprelu" -> new JumpReLUSae(spec);
      default -> throw new VistaException(
          "variant = '" + spec.variant() + "' is not one of " + VARIANTS);
    };
  }
}
