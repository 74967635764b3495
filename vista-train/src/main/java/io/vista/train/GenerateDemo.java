package io.vista.train;

import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.data.demo.DemoTruth;

import io.vista.core.VistaException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Command line of {@link DemoGenerator} (the CLI's {@code generate-demo} delegates here):
 *
 * <pre>
 * generate-demo --out demo.h5 [--samples N] [--val-samples M] [--tokens T] [--dim d]
 *               [--atoms A] [--active K] [--noise STD] [--scale X] [--seed S] [--intersectional]
 * </pre>
 *
 * Options left out take {@link DemoSpec#defaults()}. Bad arguments print one line to stderr and
 * exit with code 2; a failed write exits with 1.
 */
public final class GenerateDemo {
  static final String USAGE = "usage: generate-demo --out FILE.h5 [--samples N] [--val-samples M] "
      + "[--tokens T] [--dim D] [--atoms A] [--active K] [--noise STD] [--scale X] [--seed S] [--intersectional]";

  private GenerateDemo() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses, generates and reports; returns the process exit code (0, 1 or 2). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    DemoSpec spec;
    Path file;
    try {
      Parsed parsed = parse(args);
      if (parsed == null) {
        out.println(USAGE);
        return 0;
      }
      spec = parsed.spec();
      file = parsed.out();
    } catch (IllegalArgumentException e) {
      err.println("generate-demo: " + e.getMessage());
      return 2;
    }
    try {
      DemoTruth truth = DemoGenerator.generate(spec, file);
      int planted = DemoGenerator.plantedAtoms(spec.intersectional());
      out.printf("wrote %s: %d training + %d validation samples, %s, d=%d, %d atoms (%d planted), "
              + "base rate %.4g, seed %d%n",
          file, spec.trainSamples(), spec.valSamples(),
          spec.pooled() ? "pooled" : "T=" + spec.tokens(), spec.dim(), spec.atoms(), planted,
          truth.baseRate()[0], spec.seed());
      return 0;
    } catch (VistaException e) {
      err.println("generate-demo: " + e.getMessage());
      return 1;
    }
  }

  record Parsed(Path out, DemoSpec spec) {}

  /** Returns null for --help; throws IllegalArgumentException with a one-line reason. */
  static Parsed parse(String[] args) {
    DemoSpec d = DemoSpec.defaults();
    Path out = null;
    int train = d.trainSamples();
    int val = d.valSamples();
    int tokens = d.tokens();
    int dim = d.dim();
    int atoms = d.atoms();
    int active = d.activePerToken();
    double noise = d.noiseStd();
    double scale = d.scale();
    long seed = d.seed();
    boolean intersectional = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--help", "-h" -> {
          return null;
        }
        case "--intersectional" -> intersectional = true;
        case "--out" -> out = Path.of(value(args, i++));
        case "--samples" -> train = intValue(args, i++);
        case "--val-samples" -> val = intValue(args, i++);
        case "--tokens" -> tokens = intValue(args, i++);
        case "--dim" -> dim = intValue(args, i++);
        case "--atoms" -> atoms = intValue(args, i++);
        case "--active" -> active = intValue(args, i++);
        case "--noise" -> noise = doubleValue(args, i++);
        case "--scale" -> scale = doubleValue(args, i++);
        case "--seed" -> seed = longValue(args, i++);
        default -> throw new IllegalArgumentException("unknown option '" + option + "'; " + USAGE);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is required; " + USAGE);
    }
    return new Parsed(out, new DemoSpec(train, val, tokens, dim, atoms, active, noise, seed, intersectional, scale));
  }

  private static String value(String[] args, int i) {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int intValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i] + " '" + v + "' is not an integer");
    }
  }

  private static long longValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i] + " '" + v + "' is not an integer");
    }
  }

  private static double doubleValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i] + " '" + v + "' is not a number");
    }
  }
}
