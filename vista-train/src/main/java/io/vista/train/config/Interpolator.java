package io.vista.train.config;

import io.vista.core.internal.text.PythonFloat;
import io.vista.train.config.Template.Arg;
import io.vista.train.config.Template.Call;
import io.vista.train.config.Template.Lit;
import io.vista.train.config.Template.Part;
import io.vista.train.config.Template.Ref;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves OmegaConf interpolations in a composed tree: {@code ${a.b}} (absolute), {@code ${.x}}
 * and {@code ${..x}} (relative to the node's section), interpolations inside longer strings
 * ({@code run_${seed}}, converted with Python's {@code str}, as OmegaConf does), and the resolvers
 * {@code oc.env}, {@code oc.select}, {@code now} (Hydra's, Python strftime) and {@code hydra}.
 * A value that is a single interpolation keeps the referenced value's type. <code>\${</code> is a
 * literal <code>${</code>. Cycles are reported with the chain of keys.
 */
final class Interpolator {
  private static final List<String> RESOLVERS = List.of("oc.env", "oc.select", "now", "hydra");

  private final Map<String, Object> root;
  private final Function<String, String> env;
  private final ZonedDateTime now;
  private final Map<String, Object> cache = new HashMap<>();
  private final List<String> inProgress = new ArrayList<>();

  Interpolator(Map<String, Object> root, Function<String, String> env, ZonedDateTime now) {
    this.root = root;
    this.env = env;
    this.now = now;
  }

  /** A new tree with every interpolation replaced by its value. */
  @SuppressWarnings("unchecked")
  Map<String, Object> resolveAll() {
    return (Map<String, Object>) resolveNode(root, List.of());
  }

  /** The resolved value at {@code path} of the raw tree. */
  Object resolveAt(List<String> path) {
    Object raw = Values.lookup(root, path);
    if (raw == Values.ABSENT) {
      throw new ConfigException(Values.unknownKeyMessage(root, path, ""));
    }
    return resolveNode(raw, path);
  }

  static boolean hasInterpolation(Object value) {
    return value instanceof String s && s.contains("${");
  }

  private Object resolveNode(Object raw, List<String> path) {
    if (raw instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = (String) e.getKey();
        out.put(k, resolveNode(e.getValue(), append(path, k)));
      }
      return out;
    }
    if (raw instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(resolveNode(list.get(i), append(path, String.valueOf(i))));
      }
      return out;
    }
    if (hasInterpolation(raw)) {
      return resolveString((String) raw, path);
    }
    return raw;
  }

  private Object resolveString(String raw, List<String> path) {
    String key = Values.join(path);
    if (cache.containsKey(key)) {
      return cache.get(key);
    }
    int seen = inProgress.indexOf(key);
    if (seen >= 0) {
      List<String> chain = new ArrayList<>(inProgress.subList(seen, inProgress.size()));
      chain.add(key);
      throw new ConfigException("interpolation cycle: " + String.join(" -> ", chain));
    }
    inProgress.add(key);
    try {
      Ctx ctx = new Ctx(raw, path);
      Object value = evaluate(Template.parse(raw, ctx::error), ctx);
      cache.put(key, value);
      return value;
    } finally {
      inProgress.remove(inProgress.size() - 1);
    }
  }

  // ---- evaluation -------------------------------------------------------------------------

  /** Where an interpolation sits, for relative keys and messages. */
  private record Ctx(String raw, List<String> path) {
    ConfigException error(String what) {
      return new ConfigException("interpolation '" + raw + "' at '" + Values.join(path) + "': " + what);
    }
  }

  private Object evaluate(List<Part> parts, Ctx ctx) {
    if (parts.size() == 1 && !(parts.get(0) instanceof Lit)) {
      return evaluate(parts.get(0), ctx);
    }
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      Object v = evaluate(p, ctx);
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        throw ctx.error("a " + Values.typeName(v) + " cannot be inserted into a string");
      }
      sb.append(pythonStr(v));
    }
    return sb.toString();
  }

  private Object evaluate(Part part, Ctx ctx) {
    if (part instanceof Lit lit) {
      return lit.text();
    }
    if (part instanceof Ref ref) {
      return reference(String.valueOf(evaluate(ref.key(), ctx)).strip(), ctx);
    }
    Call call = (Call) part;
    return switch (call.name()) {
      case "oc.env" -> env(call, ctx);
      case "oc.select" -> select(call, ctx);
      case "now" -> {
        requireArgs(call, 1, 1, ctx);
        yield Strftime.format(String.valueOf(argValue(call.args().get(0), ctx)), now);
      }
      case "hydra" -> {
        requireArgs(call, 1, 1, ctx);
        yield reference("hydra." + argValue(call.args().get(0), ctx), ctx);
      }
      default -> throw ctx.error("unknown resolver '" + call.name() + "'; supported: " + String.join(", ", RESOLVERS));
    };
  }

  private Object reference(String key, Ctx ctx) {
    List<String> target = absolute(key, ctx);
    Object raw = Values.lookup(root, target);
    if (raw == Values.ABSENT) {
      throw ctx.error(Values.unknownKeyMessage(root, target, "") + chosenOption(target.get(0)));
    }
    if (Values.MISSING.equals(raw)) {
      throw ctx.error("'" + Values.join(target) + "' is a mandatory value (???) that was not set");
    }
    return resolveNode(raw, target);
  }

  /** " (model=sparse_autoencoder)" when the section is a config group, so a mismatched group is easy to spot. */
  private String chosenOption(String section) {
    Object choice = Values.lookup(root, List.of("hydra", "runtime", "choices", section));
    return choice instanceof String s ? " (" + section + "=" + s + ")" : "";
  }

  /** {@code a.b} from the top; {@code .x} from the node's own section; each extra dot one level up. */
  private static List<String> absolute(String key, Ctx ctx) {
    int dots = 0;
    while (dots < key.length() && key.charAt(dots) == '.') {
      dots++;
    }
    String rest = key.substring(dots);
    if (rest.isEmpty()) {
      throw ctx.error("empty key in interpolation");
    }
    List<String> out = new ArrayList<>();
    if (dots > 0) {
      int keep = ctx.path().size() - dots;
      if (keep < 0) {
        throw ctx.error("relative key '" + key + "' climbs above the top level");
      }
      out.addAll(ctx.path().subList(0, keep));
    }
    try {
      out.addAll(Values.split(rest));
    } catch (ConfigException e) {
      throw ctx.error(e.getMessage());
    }
    return out;
  }

  private Object env(Call call, Ctx ctx) {
    requireArgs(call, 1, 2, ctx);
    String name = String.valueOf(argValue(call.args().get(0), ctx));
    String value = env.apply(name);
    if (value != null) {
      return value;
    }
    if (call.args().size() == 2) {
      Object dflt = argValue(call.args().get(1), ctx);
      // OmegaConf returns the default as a string, except null.
      return dflt == null ? null : pythonStr(dflt);
    }
    throw ctx.error("environment variable '" + name + "' is not set; set it or give a default: ${oc.env:" + name + ",DEFAULT}");
  }

  private Object select(Call call, Ctx ctx) {
    requireArgs(call, 1, 2, ctx);
    String key = String.valueOf(argValue(call.args().get(0), ctx));
    List<String> target = absolute(key, ctx);
    Object raw = Values.lookup(root, target);
    if (raw == Values.ABSENT || Values.MISSING.equals(raw)) {
      return call.args().size() == 2 ? argValue(call.args().get(1), ctx) : null;
    }
    return resolveNode(raw, target);
  }

  /**
   * Quoted args are strings; an unquoted literal is typed like a YAML/override value (int, float,
   * bool, null, else string), as OmegaConf's grammar does; a lone interpolation keeps its type.
   */
  private Object argValue(Arg arg, Ctx ctx) {
    if (!arg.quoted() && arg.parts().size() == 1 && arg.parts().get(0) instanceof Lit lit) {
      return OverrideParser.classify(lit.text());
    }
    return evaluate(arg.parts(), ctx);
  }

  private static void requireArgs(Call call, int min, int max, Ctx ctx) {
    int n = call.args().size();
    if (n < min || n > max) {
      throw ctx.error("resolver '" + call.name() + "' takes " + (min == max ? min : min + " or " + max)
          + " argument" + (max == 1 ? "" : "s") + ", got " + n);
    }
  }

  /** Python's {@code str()} of a scalar, as OmegaConf uses when it builds a string. */
  static String pythonStr(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      return pythonFloat(d);
    }
    return String.valueOf(v);
  }

  /** Python's {@code repr(float)}: positional between 1e-4 and 1e16, else {@code 1e-05} style. */
  static String pythonFloat(double d) {
    return PythonFloat.repr(d);
  }

  private static List<String> append(List<String> path, String key) {
    List<String> out = new ArrayList<>(path.size() + 1);
    out.addAll(path);
    out.add(key);
    return out;
  }
}
