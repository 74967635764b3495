package io.vista.train.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a training run needs, typed and validated: {@link #from} checks every record and
 * then the rules that span records, so a bad setting fails before any data is read or graph built.
 *
 * @param raw the resolved config this was read from (saved with the run)
 * @param moduleName {@code sae} or {@code probe}: the {@code module} group option chosen
 * @param seed seed of initializers, shuffling and the demo data
 * @param deterministic order-fixed, single-threaded kernels for bit-exact reruns
 * @param runDir the run directory ({@code hydra.run.dir})
 * @param model SAE shape; null on probe runs (the probe's widths are in {@link #module})
 * @param module what is trained: {@link SaeModuleConfig} or {@link ProbeModuleConfig}
 * @param data the dataset and batching
 * @param trainer the training loop
 * @param logging metrics and progress output
 */
public record RunConfig(
    ResolvedConfig raw,
    String moduleName,
    long seed,
    boolean deterministic,
    Path runDir,
    ModelConfig model,
    ModuleConfig module,
    DataConfig data,
    TrainerConfig trainer,
    LoggingConfig logging) {

  /** Where the group choices are recorded, as Hydra does. */
  public static final String CHOICES = "hydra.runtime.choices";

  /** Null checks; the cross-record rules live in {@link #from}. */
  public RunConfig {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(moduleName, "moduleName");
    Objects.requireNonNull(runDir, "runDir");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(logging, "logging");
  }

  /** Reads and validates a whole run configuration. */
  public static RunConfig from(ResolvedConfig root) {
    if (root.has("wandb.enabled") && root.bool("wandb.enabled")) {
      throw new ConfigException("wandb.enabled=true: Weights & Biases is not available in vista-java; metrics go to"
          + " TensorBoard event files and metrics.csv in the run directory (logging.tensorboard, logging.csv)");
    }
    for (String section : new String[] {"module", "data", "trainer"}) {
      root.section(section); // a missing section is named with the keys that are there
    }
    String moduleName = moduleKind(root);
    boolean sae = moduleName.equals("sae");
    ModelConfig model = sae ? ModelConfig.from(root) : null;
    ModuleConfig module = sae ? SaeModuleConfig.from(root) : ProbeModuleConfig.from(root);
    DataConfig data = DataConfig.from(root);
    TrainerConfig trainer = TrainerConfig.from(root);
    LoggingConfig logging = LoggingConfig.from(root);
    String runDir = root.string("hydra.run.dir");
    Checks.notBlank("hydra.run.dir", runDir);

    // Rules that span records.
    int width;
    if (module instanceof SaeModuleConfig s) {
      requireSame("module.input_size", s.inputSize(), "model.input_size", model.inputSize());
      requireSame("module.hidden_size", s.spec().dSae(), "model.hidden_size", model.hiddenSize());
      width = s.inputSize();
    } else {
      ProbeModuleConfig p = (ProbeModuleConfig) module;
      if (root.has("model.input_size")) {
        requireSame("module.input_dim", p.inputDim(), "model.input_size", root.integer("model.input_size"));
      }
      if (!data.hasLabels()) {
        throw new ConfigException("module=probe needs labels but data.return_labels is null;"
            + " use data=fairface_labels or data.return_labels=[all]");
      }
      width = p.inputDim();
    }
    if (data.usesDemo() && data.demo().inputSize() != width) {
      throw Checks.invalid("data.demo.input_size", data.demo().inputSize(),
          "differs from the module's input width " + width + "; the demo latents must fit the model");
    }
    return new RunConfig(root, moduleName, root.longValue("seed"), Checks.boolOr(root, "deterministic", false),
        Path.of(runDir), model, module, data, trainer, logging);
  }

  /**
   * {@code sae} or {@code probe}: the {@code module} choice recorded under
   * {@code hydra.runtime.choices}; for another option name (a user's own {@code module/x.yaml}), or
   * a saved config without the hydra section, the keys decide ({@code variant} = SAE,
   * {@code input_dim} = probe).
   */
  static String moduleKind(ResolvedConfig root) {
    String choice = root.has(CHOICES + ".module") ? root.string(CHOICES + ".module") : null;
    if ("sae".equals(choice) || "probe".equals(choice)) {
      return choice;
    }
    if (root.has("module.variant")) {
      return "sae";
    }
    if (root.has("module.input_dim")) {
      return "probe";
    }
    throw new ConfigException("cannot tell what module '" + (choice == null ? "module" : choice)
        + "' trains: an SAE module needs module.variant, a probe module needs module.input_dim");
  }

  private static void requireSame(String key, int value, String otherKey, int other) {
    if (value != other) {
      throw Checks.invalid(key, value, "differs from " + otherKey + "=" + other + "; set " + otherKey
          + " instead (" + key + " follows it)");
    }
  }

  /** Whether this run trains an SAE. */
  public boolean isSae() {
    return module instanceof SaeModuleConfig;
  }

  /** The SAE settings; fails on a probe run. */
  public SaeModuleConfig sae() {
    if (module instanceof SaeModuleConfig s) {
      return s;
    }
    throw new ConfigException("module=" + moduleName + ": this run trains probes, not an SAE");
  }

  /** The probe settings; fails on an SAE run. */
  public ProbeModuleConfig probe() {
    if (module instanceof ProbeModuleConfig p) {
      return p;
    }
    throw new ConfigException("module=" + moduleName + ": this run trains an SAE, not probes");
  }
}
