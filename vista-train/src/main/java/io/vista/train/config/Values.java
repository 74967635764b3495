package io.vista.train.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers over config trees: nested {@code Map<String,Object>}, {@code List<Object>} and scalars. */
final class Values {
  /** Marks a key that is not there (distinct from a null value). */
  static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "<absent>";
    }
  };

  /** OmegaConf's marker of a mandatory value nobody has set yet. */
  static final String MISSING = "???";

  private Values() {}

  static String join(String path, String key) {
    return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
  }

  static String join(List<String> path) {
    return String.join(".", path);
  }

  /** Splits {@code a.b.c} (and {@code a[0]}, read as {@code a.0}) into segments. */
  static List<String> split(String dotted) {
    String normalized = dotted.replace("[", ".").replace("]", "");
    List<String> out = new ArrayList<>();
    for (String seg : normalized.split("\\.", -1)) {
      if (seg.isEmpty()) {
        throw new ConfigException("malformed key '" + dotted + "': empty segment");
      }
      out.add(seg);
    }
    return out;
  }

  /** The value at {@code path} under {@code root}, or {@link #ABSENT}. */
  static Object lookup(Object root, List<String> path) {
    Object node = root;
    for (String seg : path) {
      node = child(node, seg);
      if (node == ABSENT) {
        return ABSENT;
      }
    }
    return node;
  }

  /** One step down: a map key or a list index; {@link #ABSENT} when there is none. */
  static Object child(Object node, String seg) {
    if (node instanceof Map<?, ?> map) {
      return map.containsKey(seg) ? map.get(seg) : ABSENT;
    }
    if (node instanceof List<?> list) {
      int i = listIndex(seg);
      return i >= 0 && i < list.size() ? list.get(i) : ABSENT;
    }
    return ABSENT;
  }

  static int listIndex(String seg) {
    if (seg.isEmpty() || seg.length() > 9 || !seg.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(seg);
  }

  /**
   * The message for a key that is not there: names the key and lists what exists at the deepest
   * level that does, e.g. {@code unknown key 'module.top_kk'; valid keys under 'module': variant, ...}.
   */
  static String unknownKeyMessage(Object root, List<String> path, String prefix) {
    Object node = root;
    int depth = 0;
    for (; depth < path.size(); depth++) {
      Object next = child(node, path.get(depth));
      if (next == ABSENT) {
        break;
      }
      node = next;
    }
    String full = join(prefix, join(path));
    String level = join(prefix, join(path.subList(0, depth)));
    String under = level.isEmpty() ? "at the top level" : "under '" + level + "'";
    if (node instanceof Map<?, ?> map) {
      String keys = map.isEmpty() ? "(none)" : String.join(", ", map.keySet().stream().map(String::valueOf).toList());
      return "unknown key '" + full + "'; valid keys " + under + ": " + keys;
    }
    if (node instanceof List<?> list) {
      return "unknown key '" + full + "'; '" + level + "' is a list of " + list.size() + " items (indices 0.." + (list.size() - 1) + ")";
    }
    return "unknown key '" + full + "'; '" + level + "' is a value (" + describe(node) + "), not a section";
  }

  /** Recursive copy with fresh, mutable containers. */
  @SuppressWarnings("unchecked")
  static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put((String) e.getKey(), deepCopy(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(deepCopy(o));
      }
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopyMap(Map<String, Object> map) {
    return (Map<String, Object>) deepCopy(map);
  }

  /** Recursive copy with unmodifiable containers (which, unlike Guava's, allow nulls). */
  static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), freeze(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(freeze(o));
      }
      return Collections.unmodifiableList(out);
    }
    return value;
  }

  /**
   * OmegaConf merge: mappings merge key by key, anything else (lists included) is replaced by the
   * newer value.
   */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      Object old = into.get(e.getKey());
      if (old instanceof Map<?, ?> oldMap && e.getValue() instanceof Map<?, ?> newMap) {
        merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap);
      } else {
        into.put(e.getKey(), deepCopy(e.getValue()));
      }
    }
  }

  /** Wraps {@code content} in nested mappings so that it sits at the dotted {@code pkg} ("" = top). */
  static Map<String, Object> atPackage(String pkg, Map<String, Object> content) {
    Map<String, Object> node = content;
    if (pkg.isEmpty()) {
      return node;
    }
    List<String> segs = split(pkg);
    for (int i = segs.size() - 1; i >= 0; i--) {
      Map<String, Object> wrap = new LinkedHashMap<>();
      wrap.put(segs.get(i), node);
      node = wrap;
    }
    return node;
  }

  /** Type names as the error messages use them. */
  static String typeName(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Integer || v instanceof Long) {
      return "int";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof List<?>) {
      return "list";
    }
    if (v instanceof Map<?, ?>) {
      return "section";
    }
    return v.getClass().getSimpleName();
  }

  /** {@code int 5}, {@code string 'abc'}, {@code list [1, 2]}, {@code null}: type and value for messages. */
  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "string '" + s + "'";
    }
    if (v instanceof Map<?, ?> m) {
      return "section {" + String.join(", ", m.keySet().stream().map(String::valueOf).toList()) + "}";
    }
    if (v instanceof Double d) {
      return "float " + Interpolator.pythonFloat(d);
    }
    return typeName(v) + " " + v;
  }
}
