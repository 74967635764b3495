package io.vista.train.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A composed, fully interpolated configuration: nested sections of scalars (String, Integer,
 * Long, Double, Boolean, null) and lists. Immutable. Keys are dotted paths ({@code module.top_k},
 * list items by index: {@code data.return_labels.0}); a {@code ???} value (mandatory, not set)
 * counts as absent. Typed getters fail with a one-line {@link ConfigException} naming the key and
 * what was found.
 */
public final class ResolvedConfig {
  private final Map<String, Object> root;
  private final String prefix;
  private final List<String> overrides;

  private ResolvedConfig(Map<String, Object> frozenRoot, String prefix, List<String> overrides) {
    this.root = frozenRoot;
    this.prefix = prefix;
    this.overrides = overrides;
  }

  @SuppressWarnings("unchecked")
  static ResolvedConfig create(Map<String, Object> tree, List<String> overrides) {
    return new ResolvedConfig((Map<String, Object>) Values.freeze(tree), "", List.copyOf(overrides));
  }

  /**
   * A config from an already resolved tree, e.g. a run's saved config read back; values are taken
   * as they are (no interpolation).
   */
  public static ResolvedConfig of(Map<String, ?> tree) {
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) Values.deepCopy(Objects.requireNonNull(tree, "tree"));
    return create(copy, List.of());
  }

  /** The value at {@code dottedKey}: a scalar, an unmodifiable list or an unmodifiable map. */
  public Object get(String dottedKey) {
    List<String> path = Values.split(dottedKey);
    Object v = Values.lookup(root, path);
    if (v == Values.ABSENT) {
      throw new ConfigException(Values.unknownKeyMessage(root, path, prefix));
    }
    if (Values.MISSING.equals(v)) {
      String full = full(dottedKey);
      throw new ConfigException("missing mandatory value '" + full + "' (???); set it with " + full + "=VALUE");
    }
    return v;
  }

  /** Whether {@code dottedKey} is there with a value other than {@code ???}. */
  public boolean has(String dottedKey) {
    Object v = Values.lookup(root, Values.split(dottedKey));
    return v != Values.ABSENT && !Values.MISSING.equals(v);
  }

  /** A string value (null stays null). */
  public String string(String k) {
    Object v = get(k);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw wrongType(k, "a string", v);
  }

  /** An integer that fits in 32 bits. */
  public int integer(String k) {
    Object v = get(k);
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    throw wrongType(k, "an integer", v);
  }

  /** An integer. */
  public long longValue(String k) {
    Object v = get(k);
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw wrongType(k, "an integer", v);
  }

  /** A number; integers are widened. */
  public double number(String k) {
    Object v = get(k);
    if (v instanceof Integer || v instanceof Long || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    throw wrongType(k, "a number", v);
  }

  /** A boolean. */
  public boolean bool(String k) {
    Object v = get(k);
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(k, "true or false", v);
  }

  /** A list (unmodifiable). */
  @SuppressWarnings("unchecked")
  public List<Object> list(String k) {
    Object v = get(k);
    if (v instanceof List<?>) {
      return (List<Object>) v;
    }
    throw wrongType(k, "a list", v);
  }

  /** A section as a config of its own; its error messages still name full keys. */
  @SuppressWarnings("unchecked")
  public ResolvedConfig section(String k) {
    Object v = get(k);
    if (v instanceof Map<?, ?> map) {
      return new ResolvedConfig((Map<String, Object>) map, full(k), overrides);
    }
    throw wrongType(k, "a section", v);
  }

  /** A nested, mutable copy (LinkedHashMap / ArrayList) in insertion order. */
  public Map<String, Object> asMap() {
    return Values.deepCopyMap(root);
  }

  /**
   * YAML of the job config, what Hydra's {@code --cfg job} prints: everything except the
   * {@code hydra} section. Reads back (SnakeYAML, YAML 1.2 core schema) as {@link #asMap()} without it.
   */
  public String toYaml() {
    return toYaml(false);
  }

  /** YAML of the config, with the {@code hydra} section (run dir, group choices) when asked. */
  public String toYaml(boolean includeHydra) {
    Map<String, Object> map = asMap();
    if (!includeHydra && prefix.isEmpty()) {
      map.remove("hydra");
    }
    return YamlText.dump(map);
  }

  /** The command-line overrides as given. */
  public List<String> overrides() {
    return overrides;
  }

  /** The key of this section ("" at the top). */
  public String path() {
    return prefix;
  }

  private String full(String k) {
    return Values.join(prefix, k);
  }

  private ConfigException wrongType(String k, String expected, Object v) {
    return new ConfigException(full(k) + ": expected " + expected + ", got " + Values.describe(v));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResolvedConfig other && root.equals(other.root) && prefix.equals(other.prefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(root, prefix);
  }

  @Override
  public String toString() {
    return toYaml(true);
  }
}
