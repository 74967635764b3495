package io.vista.train.config;

/**
 * One command-line override, as Hydra's grammar reads it.
 *
 * @param kind what to do with the key
 * @param key the dotted key ({@code module.top_k}) or group path ({@code module})
 * @param value the parsed value (String, Integer/Long, Double, Boolean, null, List, Map); null when
 *     {@code hasValue} is false
 * @param raw for an unquoted scalar, its text as typed ({@code 1e-4}), so that a string-typed key
 *     receives exactly what the user wrote; null otherwise
 * @param hasValue false only for a bare {@code ~key}
 * @param text the override as given, for messages
 */
record ConfigOverride(Kind kind, String key, Object value, String raw, boolean hasValue, String text) {

  /** The four override forms. */
  enum Kind {
    /** {@code key=value}: change an existing key or group choice. */
    SET,
    /** {@code +key=value}: add a key or group that is not there. */
    ADD,
    /** {@code ++key=value}: add or change. */
    FORCE_ADD,
    /** {@code ~key} or {@code ~key=value}: delete. */
    DELETE
  }
}
