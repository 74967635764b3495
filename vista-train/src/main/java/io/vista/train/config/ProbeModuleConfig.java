package io.vista.train.config;

import java.util.List;

/**
 * Linear probe training settings ({@code module/probe.yaml}, Python {@code src/modules/probe.py}).
 *
 * @param inputDim width of the (mean-pooled) input latents
 * @param ageClasses number of age classes
 * @param genderClasses number of gender classes
 * @param raceClasses number of race classes
 * @param learningRate Adam learning rate
 */
public record ProbeModuleConfig(int inputDim, int ageClasses, int genderClasses, int raceClasses, double learningRate)
    implements ModuleConfig {

  /** ProbeModule's default learning rate. */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  private static final List<String> KEYS =
      List.of("input_dim", "age_classes", "gender_classes", "race_classes", "learning_rate");

  /** All checks: positive width, at least two classes per task, positive learning rate. */
  public ProbeModuleConfig {
    Checks.atLeast("module.input_dim", inputDim, 1);
    Checks.atLeast("module.age_classes", ageClasses, 2);
    Checks.atLeast("module.gender_classes", genderClasses, 2);
    Checks.atLeast("module.race_classes", raceClasses, 2);
    Checks.positive("module.learning_rate", learningRate);
  }

  /** The {@code module} section of a resolved config. */
  public static ProbeModuleConfig from(ResolvedConfig root) {
    Checks.onlyKnownKeys(root, "module", KEYS);
    return new ProbeModuleConfig(
        root.integer("module.input_dim"),
        root.integer("module.age_classes"),
        root.integer("module.gender_classes"),
        root.integer("module.race_classes"),
        Checks.numberOr(root, "module.learning_rate", DEFAULT_LEARNING_RATE));
  }

  @Override
  public String name() {
    return "probe";
  }
}
