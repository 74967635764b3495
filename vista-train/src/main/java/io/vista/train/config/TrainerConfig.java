package io.vista.train.config;

import java.util.List;

/**
 * Training loop settings ({@code trainer}); names and values follow Lightning's Trainer.
 *
 * @param maxEpochs passes over the training split
 * @param accelerator {@code auto}, {@code cpu} or {@code gpu}
 * @param precision Lightning precision name: {@code 32}, {@code 32-true}, {@code 16-mixed} or {@code bf16-mixed}
 * @param checkValEveryNEpoch validate every N epochs
 * @param logEveryNSteps write training metrics every N optimizer steps
 * @param devices number of devices (1; more is not supported yet)
 * @param strategy {@code auto} or {@code single_device}
 * @param resume continue from the last checkpoint in the run directory
 * @param intraOpThreads TensorFlow threads inside one op; 0 = chosen for the machine
 * @param interOpThreads TensorFlow ops run concurrently; 0 = chosen for the machine
 * @param lrWarmupSteps linear learning-rate warm-up length in optimizer steps; 0 = none
 * @param lrDecay decay after warm-up: {@code none}, {@code linear} or {@code cosine}
 * @param lrMinRatio final learning rate as a fraction of the module's, in [0, 1], when decaying
 */
public record TrainerConfig(
    int maxEpochs,
    String accelerator,
    String precision,
    int checkValEveryNEpoch,
    int logEveryNSteps,
    int devices,
    String strategy,
    boolean resume,
    int intraOpThreads,
    int interOpThreads,
    int lrWarmupSteps,
    String lrDecay,
    double lrMinRatio) {

  // Accepted values (Lightning's names).
  public static final List<String> ACCELERATORS = List.of("auto", "cpu", "gpu");
  public static final List<String> PRECISIONS = List.of("32", "32-true", "16-mixed", "bf16-mixed");
  public static final List<String> STRATEGIES = List.of("auto", "single_device");
  public static final List<String> LR_DECAYS = List.of("none", "linear", "cosine");

  /** All checks. */
  public TrainerConfig {
    Checks.atLeast("trainer.max_epochs", maxEpochs, 1);
    Checks.oneOf("trainer.accelerator", accelerator, ACCELERATORS);
    Checks.oneOf("trainer.precision", precision, PRECISIONS);
    Checks.atLeast("trainer.check_val_every_n_epoch", checkValEveryNEpoch, 1);
    Checks.atLeast("trainer.log_every_n_steps", logEveryNSteps, 1);
    if (devices > 1) {
      throw Checks.invalid("trainer.devices", devices, "multi-device training is not supported yet; use trainer.devices=1");
    }
    Checks.atLeast("trainer.devices", devices, 1);
    if (strategy != null && (strategy.startsWith("ddp") || strategy.startsWith("fsdp") || strategy.startsWith("deepspeed"))) {
      throw Checks.invalid("trainer.strategy", strategy, "multi-device training is not supported yet; use trainer.strategy=auto");
    }
    Checks.oneOf("trainer.strategy", strategy, STRATEGIES);
    Checks.atLeast("trainer.threads.intra_op", intraOpThreads, 0);
    Checks.atLeast("trainer.threads.inter_op", interOpThreads, 0);
    Checks.atLeast("trainer.lr_warmup_steps", lrWarmupSteps, 0);
    Checks.oneOf("trainer.lr_decay", lrDecay, LR_DECAYS);
    if (!(lrMinRatio >= 0 && lrMinRatio <= 1)) {
      throw Checks.invalid("trainer.lr_min_ratio", lrMinRatio, "must be in [0, 1]");
    }
  }

  /**
   * The {@code trainer} section. Keys the Python config has are required; the others default to
   * a single device, no resume, machine-chosen threads and a constant learning rate.
   */
  public static TrainerConfig from(ResolvedConfig root) {
    return new TrainerConfig(
        root.integer("trainer.max_epochs"),
        root.string("trainer.accelerator"),
        precision(root),
        root.integer("trainer.check_val_every_n_epoch"),
        root.integer("trainer.log_every_n_steps"),
        devices(root),
        Checks.stringOr(root, "trainer.strategy", "auto"),
        Checks.boolOr(root, "trainer.resume", false),
        Checks.intOr(root, "trainer.threads.intra_op", 0),
        Checks.intOr(root, "trainer.threads.inter_op", 0),
        Checks.intOr(root, "trainer.lr_warmup_steps", 0),
        Checks.stringOr(root, "trainer.lr_decay", "none"),
        Checks.numberOr(root, "trainer.lr_min_ratio", 0.0));
  }

  /** Lightning takes {@code precision: 32} as an int too. */
  private static String precision(ResolvedConfig root) {
    Object v = root.get("trainer.precision");
    if (v instanceof Integer i) {
      return Integer.toString(i);
    }
    return root.string("trainer.precision");
  }

  /** Lightning's {@code devices: auto} means one device here. */
  private static int devices(ResolvedConfig root) {
    if (root.has("trainer.devices") && "auto".equals(root.get("trainer.devices"))) {
      return 1;
    }
    return Checks.intOr(root, "trainer.devices", 1);
  }

  /** Whether matmuls run in a 16-bit type with float32 master weights. */
  public boolean mixedPrecision() {
    return precision.endsWith("-mixed");
  }
}
