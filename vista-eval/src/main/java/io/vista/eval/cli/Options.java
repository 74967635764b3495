package io.vista.eval.cli;

import io.vista.cli.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of one sub-command, parsed like argparse: {@code --name value} or {@code --name=value},
 * {@code nargs="+"} options taking every following token that is not an option, and flags. Unknown options,
 * missing values and repeated options are {@link UsageException}s.
 */
final class Options {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private Options() {}

  /**
   * Parses {@code args}.
   *
   * @param single options taking one value
   * @param multi options taking one or more values
   * @param flags options taking none
   */
  static Options parse(List<String> args, Set<String> single, Set<String> multi, Set<String> flags) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument '" + a + "'");
      }
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      if (o.values.containsKey(name)) {
        throw new UsageException(name + " given twice");
      }
      List<String> vals = new ArrayList<>();
      if (flags.contains(name)) {
        if (inline != null) {
          throw new UsageException(name + " takes no value");
        }
      } else if (single.contains(name) || multi.contains(name)) {
        if (inline != null) {
          vals.add(inline);
        }
        boolean many = multi.contains(name);
        while ((many || vals.isEmpty()) && i + 1 < args.size() && !isOption(args.get(i + 1))) {
          vals.add(args.get(++i));
        }
        if (vals.isEmpty()) {
          throw new UsageException(name + " needs " + (many ? "one or more values" : "a value"));
        }
      } else {
        throw new UsageException("unknown option '" + name + "'");
      }
      o.values.put(name, vals);
    }
    return o;
  }

  private static boolean isOption(String s) {
    return s.startsWith("--") && s.length() > 2;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(0);
  }

  String required(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      throw new UsageException("the following argument is required: " + name);
    }
    return v.get(0);
  }

  Path path(String name) {
    return Path.of(required(name));
  }

  Path path(String name, String fallback) {
    return Path.of(string(name, fallback));
  }

  int integer(String name, int fallback) {
    return has(name) ? parseInt(name, string(name, null)) : fallback;
  }

  List<Integer> integers(String name, List<Integer> fallback) {
    List<String> v = values.get(name);
    if (v == null) {
      return fallback;
    }
    List<Integer> out = new ArrayList<>();
    for (String s : v) {
      out.add(parseInt(name, s));
    }
    return out;
  }

  /** Every option as given, values joined by spaces (for the metadata). */
  Map<String, String> asStrings() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> m.put(k.substring(2).replace('-', '_'), v.isEmpty() ? "True" : String.join(" ", v)));
    return m;
  }

  private static int parseInt(String name, String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new UsageException(name + ": invalid int value: '" + s + "'");
    }
  }
}
