package io.vista.train.config;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies one value override to a composed tree. {@code a.b=v} needs an existing key and a value
 * of the same type as the current one: ints for ints, ints or floats for floats, booleans for
 * booleans, lists for lists; a string key takes any scalar as the text typed
 * ({@code trainer.precision=32} gives "32"); null and interpolations fit anywhere (the typed
 * records check them after resolution), and so does anything when the current value is null or
 * {@code ???}. A key whose current value is an interpolation is typed by what it resolves to.
 * {@code ++a.b=v} behaves like {@code a.b=v} on an existing key and like {@code +a.b=v} otherwise.
 */
final class OverrideApplier {
  private final Map<String, Object> tree;
  private final Function<String, String> env;
  private final ZonedDateTime now;

  OverrideApplier(Map<String, Object> tree, Function<String, String> env, ZonedDateTime now) {
    this.tree = tree;
    this.env = env;
    this.now = now;
  }

  void apply(ConfigOverride o) {
    List<String> path = Values.split(o.key());
    switch (o.kind()) {
      case SET -> set(o, path, o.value(), o.raw());
      case ADD -> {
        Object existing = Values.lookup(tree, path);
        if (existing != Values.ABSENT) {
          throw new ConfigException("override '" + o.text() + "': could not add '" + o.key() + "': it already exists ("
              + Values.describe(existing) + "); use " + o.key() + "=VALUE to change it");
        }
        put(o, path, Values.deepCopy(o.value()));
      }
      case FORCE_ADD -> {
        if (Values.lookup(tree, path) != Values.ABSENT) {
          set(o, path, o.value(), o.raw());
        } else {
          put(o, path, Values.deepCopy(o.value()));
        }
      }
      case DELETE -> delete(o, path);
    }
  }

  @SuppressWarnings("unchecked")
  private void set(ConfigOverride o, List<String> path, Object value, String raw) {
    Object existing = Values.lookup(tree, path);
    if (existing == Values.ABSENT) {
      throw new ConfigException(Values.unknownKeyMessage(tree, path, "") + " (use +" + Values.join(path)
          + "=VALUE to add a key)");
    }
    if (existing instanceof Map<?, ?> && value instanceof Map<?, ?> updates) {
      // key={a:1,b:2} updates the section's keys one by one, each with the same checks.
      for (Map.Entry<?, ?> e : updates.entrySet()) {
        set(o, append(path, (String) e.getKey()), e.getValue(), null);
      }
      return;
    }
    Object coerced = coerce(o, path, existing, value, raw);
    Object parent = Values.lookup(tree, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).put(last, Values.deepCopy(coerced));
    } else {
      ((List<Object>) parent).set(Values.listIndex(last), Values.deepCopy(coerced));
    }
  }

  private Object coerce(ConfigOverride o, List<String> path, Object existing, Object value, String raw) {
    if (value == null || Interpolator.hasInterpolation(value)) {
      return value;
    }
    Object expected = existing;
    if (Interpolator.hasInterpolation(existing)) {
      try {
        expected = new Interpolator(tree, env, now).resolveAt(path);
      } catch (ConfigException unresolvable) {
        return value; // the type is unknown until the config resolves
      }
    }
    if (expected == null || Values.MISSING.equals(expected)) {
      return value;
    }
    String want = Values.typeName(expected);
    boolean ok;
    Object out = value;
    switch (want) {
      case "string" -> {
        ok = !(value instanceof Map<?, ?> || value instanceof List<?>);
        if (ok && !(value instanceof String)) {
          out = raw != null ? raw : Interpolator.pythonStr(value);
        }
      }
      case "int" -> ok = value instanceof Integer || value instanceof Long;
      case "float" -> {
        ok = value instanceof Integer || value instanceof Long || value instanceof Double;
        if (ok) {
          out = ((Number) value).doubleValue();
        }
      }
      case "bool" -> ok = value instanceof Boolean;
      case "list" -> ok = value instanceof List<?>;
      default -> ok = false; // a section takes a dict of its keys only
    }
    if (!ok) {
      String article = want.equals("int") ? "an" : "a";
      throw new ConfigException("override '" + o.text() + "': '" + Values.join(path) + "' is " + article + " " + want
          + " (currently " + Values.describe(expected) + "), got " + Values.describe(value)
          + (want.equals("section") ? "; set its keys one by one" : ""));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void put(ConfigOverride o, List<String> path, Object value) {
    Object node = tree;
    for (int i = 0; i < path.size() - 1; i++) {
      String seg = path.get(i);
      Object next = Values.child(node, seg);
      if (next == Values.ABSENT) {
        if (!(node instanceof Map<?, ?>)) {
          throw new ConfigException("override '" + o.text() + "': '" + Values.join(path.subList(0, i))
              + "' is a list; its items cannot be added by key");
        }
        next = new LinkedHashMap<String, Object>();
        ((Map<String, Object>) node).put(seg, next);
      } else if (!(next instanceof Map<?, ?>)) {
        throw new ConfigException("override '" + o.text() + "': '" + Values.join(path.subList(0, i + 1))
            + "' is " + Values.describe(next) + ", not a section");
      }
      node = next;
    }
    if (!(node instanceof Map<?, ?>)) {
      throw new ConfigException("override '" + o.text() + "': cannot add an item to a list by key");
    }
    ((Map<String, Object>) node).put(path.get(path.size() - 1), value);
  }

  @SuppressWarnings("unchecked")
  private void delete(ConfigOverride o, List<String> path) {
    Object existing = Values.lookup(tree, path);
    if (existing == Values.ABSENT) {
      throw new ConfigException("override '" + o.text() + "': could not delete: " + Values.unknownKeyMessage(tree, path, ""));
    }
    if (o.hasValue() && !sameValue(existing, o.value(), o.raw())) {
      throw new ConfigException("override '" + o.text() + "': could not delete '" + o.key() + "': its value is "
          + Values.describe(existing) + ", not " + Values.describe(o.value()));
    }
    Object parent = Values.lookup(tree, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent instanceof Map<?, ?> map) {
      map.remove(last);
    } else {
      ((List<Object>) parent).remove(Values.listIndex(last));
    }
  }

  private static boolean sameValue(Object existing, Object given, String raw) {
    if (existing instanceof Number a && given instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    if (existing instanceof String s && raw != null) {
      return s.equals(raw);
    }
    return java.util.Objects.equals(existing, given);
  }

  private static List<String> append(List<String> path, String key) {
    List<String> out = new java.util.ArrayList<>(path);
    out.add(key);
    return out;
  }
}
