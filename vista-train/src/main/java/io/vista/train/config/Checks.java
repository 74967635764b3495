package io.vista.train.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reading optional keys and failing with messages that name the key and the value at fault. */
final class Checks {
  private Checks() {}

  static ConfigException invalid(String key, Object value, String why) {
    String shown = value instanceof String s ? "'" + s + "'"
        : value instanceof Double d ? Interpolator.pythonFloat(d) : String.valueOf(value);
    return new ConfigException(key + "=" + shown + ": " + why);
  }

  static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw invalid(key, value, "must be at least " + min);
    }
  }

  static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(key, value, "must be a finite number greater than 0");
    }
  }

  static void nonNegative(String key, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(key, value, "must be a finite number, 0 or more");
    }
  }

  static void oneOf(String key, String value, Collection<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      throw invalid(key, value, "must be one of " + String.join(", ", allowed));
    }
  }

  static void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, value, "must not be empty");
    }
  }

  static int intOr(ResolvedConfig root, String key, int fallback) {
    return root.has(key) ? root.integer(key) : fallback;
  }

  static double numberOr(ResolvedConfig root, String key, double fallback) {
    return root.has(key) ? root.number(key) : fallback;
  }

  static boolean boolOr(ResolvedConfig root, String key, boolean fallback) {
    return root.has(key) ? root.bool(key) : fallback;
  }

  static String stringOr(ResolvedConfig root, String key, String fallback) {
    return root.has(key) ? root.string(key) : fallback;
  }

  /**
   * Fails on a key of {@code section} that nothing reads (a typo in a YAML file would otherwise be
   * ignored). Keys starting with {@code _} ({@code _target_} in the Python configs) are allowed.
   */
  static void onlyKnownKeys(ResolvedConfig root, String section, Collection<String> known) {
    if (!root.has(section)) {
      return;
    }
    Object node = root.get(section);
    if (!(node instanceof Map<?, ?> map)) {
      throw new ConfigException(section + ": expected a section, got " + Values.describe(node));
    }
    List<String> unknown = new ArrayList<>();
    for (Object k : map.keySet()) {
      String key = String.valueOf(k);
      if (!key.startsWith("_") && !known.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown key '" + section + "." + unknown.get(0) + "'; valid keys under '" + section
          + "': " + String.join(", ", known));
    }
  }
}
