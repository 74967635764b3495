package io.vista.train;

import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.data.demo.DemoTruth;

import io.vista.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Command line of {@link DemoGenerator}, the {@code generate-demo} sub-command of {@link TrainMain}:
 *
 * <pre>
 * generate-demo --out demo.h5 [--samples N] [--val-samples M] [--tokens T] [--dim d]
 *               [--atoms A] [--active K] [--noise STD] [--scale X] [--seed S] [--intersectional]
 * </pre>
 *
 * Options left out take {@link DemoSpec#defaults()}. Bad arguments exit with code 2, a failed
 * write with 1 (the shared policy of {@link io.vista.cli.CommandLine}).
 */
final class GenerateDemo {
  static final String USAGE = "usage: generate-demo --out FILE.h5 [--samples N] [--val-samples M] "
      + "[--tokens T] [--dim D] [--atoms A] [--active K] [--noise STD] [--scale X] [--seed S] [--intersectional]";

  private GenerateDemo() {}

  /**
   * Parses, generates and reports; returns 0. A bad command line is a {@link UsageException}, a
   * failed write a {@link io.vista.core.VistaException}; {@link TrainMain} turns them into exit
   * codes 2 and 1.
   */
  static int run(List<String> args, PrintStream out) {
    Parsed parsed = parse(args.toArray(String[]::new));
    if (parsed == null) {
      out.println(USAGE);
      return 0;
    }
    DemoSpec spec = parsed.spec();
    Path file = parsed.out();
    DemoTruth truth = DemoGenerator.generate(spec, file);
    int planted = DemoGenerator.plantedAtoms(spec.intersectional());
    out.printf("wrote %s: %d training + %d validation samples, %s, d=%d, %d atoms (%d planted), "
            + "base rate %.4g, seed %d%n",
        file, spec.trainSamples(), spec.valSamples(),
        spec.pooled() ? "pooled" : "T=" + spec.tokens(), spec.dim(), spec.atoms(), planted,
        truth.baseRate()[0], spec.seed());
    return 0;
  }

  record Parsed(Path out, DemoSpec spec) {}

  /** Returns null for --help; throws UsageException with a one-line reason. */
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
        default -> throw new UsageException("unknown option '" + option + "'; " + USAGE);
      }
    }
    if (out == null) {
      throw new UsageException("--out is required; " + USAGE);
    }
    try {
      return new Parsed(out, new DemoSpec(train, val, tokens, dim, atoms, active, noise, seed, intersectional, scale));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e); // a value out of range, e.g. fewer atoms than planted
    }
  }

  private static String value(String[] args, int i) {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new UsageException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int intValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException(args[i] + " '" + v + "' is not an integer");
    }
  }

  private static long longValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException(args[i] + " '" + v + "' is not an integer");
    }
  }

  private static double doubleValue(String[] args, int i) {
    String v = value(args, i);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException(args[i] + " '" + v + "' is not a number");
    }
  }
}
