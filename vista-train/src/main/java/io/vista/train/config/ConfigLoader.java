package io.vista.train.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Composes a configuration the way Hydra and OmegaConf do: a primary config with a defaults list
 * of config groups ({@code model/}, {@code data/}, {@code module/}, ...), then command-line
 * overrides, then interpolation. The result is an immutable, fully interpolated
 * {@link ResolvedConfig}; {@link RunConfig#from} turns it into typed, validated records.
 *
 * <p>Overrides follow Hydra's grammar: {@code group=option} swaps a group's config,
 * {@code a.b=value} changes an existing key (the value must fit the key's current type),
 * {@code +a.b=value} adds a key, {@code ++a.b=value} adds or changes, {@code ~a.b} deletes. The
 * options chosen for each group are recorded under {@code hydra.runtime.choices}, the config name
 * under {@code hydra.job.config_name}; {@code hydra.run.dir} defaults to Hydra's
 * {@code outputs/${now:%Y-%m-%d}/${now:%H-%M-%S}}.
 *
 * <pre>{@code
 * ResolvedConfig cfg = ConfigLoader.bundled().load("config", List.of("module.top_k=32"));
 * RunConfig run = RunConfig.from(cfg);
 * }</pre>
 */
public final class ConfigLoader {
  /** Folder of the bundled configs on the class path. */
  public static final String BUNDLED_DIR = "vista-config";
  /** Hydra's default run directory, used when the configs do not set {@code hydra.run.dir}. */
  public static final String DEFAULT_RUN_DIR = "outputs/${now:%Y-%m-%d}/${now:%H-%M-%S}";

  private final ConfigSource source;
  private final Function<String, String> env;
  private final Clock clock;

  private ConfigLoader(ConfigSource source, Function<String, String> env, Clock clock) {
    this.source = source;
    this.env = env;
    this.clock = clock;
  }

  /** The configs bundled in the vista-core jar (class-path folder {@code /vista-config/}). */
  public static ConfigLoader bundled() {
    return fromClassLoader(ConfigLoader.class.getClassLoader());
  }

  /** A config folder on disk ({@code --config-dir DIR}); fails if it does not exist. */
  public static ConfigLoader fromDirectory(Path dir) {
    return new ConfigLoader(ConfigSource.directory(dir), System::getenv, Clock.systemDefaultZone());
  }

  /** The {@code /vista-config/} tree as seen by {@code loader} (a folder or a jar). */
  static ConfigLoader fromClassLoader(ClassLoader loader) {
    return new ConfigLoader(ConfigSource.classpath(loader, BUNDLED_DIR), System::getenv, Clock.systemDefaultZone());
  }

  /** The same loader reading environment variables from {@code variables} (for tests and embedding). */
  public ConfigLoader withEnvironment(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return new ConfigLoader(source, copy::get, clock);
  }

  /** The same loader taking {@code ${now:...}} from {@code clock} (its zone gives the local time). */
  public ConfigLoader withClock(Clock clock) {
    return new ConfigLoader(source, env, Objects.requireNonNull(clock, "clock"));
  }

  /** Option names of a config group, sorted (e.g. {@code module} -> {@code [probe, sae]}). */
  public List<String> options(String group) {
    return source.options(group);
  }

  /** Where the configs are read from. */
  public String location() {
    return source.describe();
  }

  /**
   * Composes {@code configName} (usually {@code "config"}) with {@code overrides}, applies them
   * and resolves every interpolation. {@code ${now:...}} is read once, so all its uses in one
   * config agree.
   *
   * @throws ConfigException naming the file, key or override at fault
   */
  public ResolvedConfig load(String configName, List<String> overrides) {
    Objects.requireNonNull(configName, "configName");
    List<String> given = List.copyOf(overrides);
    List<ConfigOverride> groupOverrides = new ArrayList<>();
    List<ConfigOverride> valueOverrides = new ArrayList<>();
    for (String text : given) {
      ConfigOverride o = OverrideParser.parse(text);
      if (isGroupOverride(o)) {
        groupOverrides.add(o);
      } else {
        valueOverrides.add(o);
      }
    }
    Composer.Composition composition = new Composer(source).compose(configName, groupOverrides);
    Map<String, Object> tree = withHydraNode(composition, configName);
    ZonedDateTime now = ZonedDateTime.now(clock);
    for (ConfigOverride o : valueOverrides) {
      new OverrideApplier(tree, env, now).apply(o);
    }
    Map<String, Object> resolved = new Interpolator(tree, env, now).resolveAll();
    return ResolvedConfig.create(resolved, given);
  }

  /**
   * {@code module=probe} is a group override when {@code module} is a config group; keys with
   * dots are config keys. Group keys may be nested ({@code model/encoder}).
   */
  private boolean isGroupOverride(ConfigOverride o) {
    String key = o.key();
    if (key.contains("@")) {
      throw new ConfigException("override '" + o.text() + "': package overrides (group@package) are not supported");
    }
    boolean isGroup = !key.contains(".") && source.isGroup(key);
    if (!isGroup && key.contains("/")) {
      throw new ConfigException("override '" + o.text() + "': no config group '" + key + "' in "
          + source.describe() + "; groups: " + String.join(", ", source.groups()));
    }
    return isGroup;
  }

  /** Hydra's own node: default run dir under the configs' values, then what Hydra records about the job. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withHydraNode(Composer.Composition composition, String configName) {
    Map<String, Object> tree = new LinkedHashMap<>();
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("run", new LinkedHashMap<>(Map.of("dir", DEFAULT_RUN_DIR)));
    tree.putAll(composition.tree());
    Object hydra = tree.get("hydra");
    Map<String, Object> merged = base;
    if (hydra instanceof Map<?, ?> fromConfigs) {
      Values.merge(merged, (Map<String, Object>) fromConfigs);
    } else if (hydra != null) {
      throw new ConfigException("'hydra' must be a section, found " + Values.describe(hydra));
    }
    Map<String, Object> job = (Map<String, Object>) merged.computeIfAbsent("job", k -> new LinkedHashMap<>());
    job.put("config_name", ConfigSource.stripExtension(configName));
    Map<String, Object> runtime = (Map<String, Object>) merged.computeIfAbsent("runtime", k -> new LinkedHashMap<>());
    runtime.put("choices", new LinkedHashMap<>(composition.choices()));
    tree.put("hydra", merged);
    return tree;
  }
}
