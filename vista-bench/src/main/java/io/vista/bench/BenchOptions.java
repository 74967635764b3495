package io.vista.bench;

import io.vista.core.sae.SaeVariant;
import io.vista.cli.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line settings of {@link BenchMain}.
 *
 * @param dim SAE input width d
 * @param hidden SAE dictionary size m
 * @param tokensPerBatch rows of one training batch (a multiple of {@code tokensPerSample})
 * @param tokensPerSample tokens per image in the generated file
 * @param steps timed training steps per variant and data path
 * @param warmup untimed steps before each timed series
 * @param variants SAE variants to run
 * @param intraOp TensorFlow intra-op threads (0 = TensorFlow's default)
 * @param interOp TensorFlow inter-op threads (0 = TensorFlow's default)
 * @param out JSON report path
 * @param workDir where the generated HDF5 file is kept (reused by later runs)
 * @param logRegSamples samples of the synthetic ablation data (0 skips the logistic-regression part)
 * @param logRegFeatures features (SAE width) of the synthetic ablation data
 * @param threadSweep also time every variant under the thread settings 0/0, 1/1, 2/1, 2/2
 * @param sweepSteps timed steps per variant and setting in the sweep
 * @param seed seeds weights, shuffling and generated data
 */
record BenchOptions(
    int dim,
    int hidden,
    int tokensPerBatch,
    int tokensPerSample,
    int steps,
    int warmup,
    List<String> variants,
    int intraOp,
    int interOp,
    Path out,
    Path workDir,
    int logRegSamples,
    int logRegFeatures,
    boolean threadSweep,
    int sweepSteps,
    long seed) {

  /**
   * The default thread setting (intra-op, inter-op): 0/0, TensorFlow's own choice, which is also
   * the trainer's default ({@code trainer.threads}). On the 2-core benchmark machine 0/0, 1/1, 2/1
   * and 2/2 gave the same step times within 2 % (the oneDNN kernels keep both cores busy even with
   * intra-op 1), so nothing beats the default that adapts to the machine; see the README.
   */
  static final int DEFAULT_INTRA_OP = 0;

  static final int DEFAULT_INTER_OP = 0;

  static final String USAGE = String.join("\n",
      "usage: java -jar vista-bench.jar [--dim 768] [--hidden 3072] [--tokens-per-batch 4096]",
      "           [--tokens-per-sample 16] [--steps 50] [--warmup 3] [--variants all|v1,v2]",
      "           [--threads INTRA[,INTER]] [--out bench.json] [--work-dir bench-work]",
      "           [--logreg-samples 10000] [--logreg-features 4096] [--thread-sweep] [--sweep-steps 10]",
      "           [--seed 42]",
      "       java -jar vista-bench.jar decode-bench FILE.h5 [--split training] [--key encoded] [--batch 32]",
      "           [--pooling flatten|mean] [--shuffle SEED] [--buffer-chunks 4] [--prefetch 2] [--epochs 1]",
      "  --threads: TensorFlow intra-op (and inter-op) threads; 0 = TensorFlow's default;",
      "             default " + DEFAULT_INTRA_OP + "," + DEFAULT_INTER_OP + " (as the trainer; see vista-bench/README.md)",
      "  --logreg-samples 0 skips the logistic-regression fits");

  /** The options that take a value (all but {@code --thread-sweep} and {@code --help}). */
  private static final Set<String> VALUE_OPTIONS = Set.of("--dim", "--hidden", "--tokens-per-batch",
      "--tokens-per-sample", "--steps", "--warmup", "--variants", "--threads", "--out", "--work-dir",
      "--logreg-samples", "--logreg-features", "--sweep-steps", "--seed");

  BenchOptions {
    if (dim < 1 || hidden < 1) {
      throw new UsageException("--dim and --hidden must be >= 1");
    }
    if (tokensPerSample < 1 || tokensPerBatch < tokensPerSample || tokensPerBatch % tokensPerSample != 0) {
      throw new UsageException("--tokens-per-batch " + tokensPerBatch
          + " must be a positive multiple of --tokens-per-sample " + tokensPerSample);
    }
    if (steps < 1 || warmup < 0 || sweepSteps < 1) {
      throw new UsageException("--steps and --sweep-steps must be >= 1, --warmup >= 0");
    }
    if (intraOp < 0 || interOp < 0) {
      throw new UsageException("--threads must be >= 0");
    }
    if (logRegSamples < 0 || logRegFeatures < 1) {
      throw new UsageException("--logreg-samples must be >= 0, --logreg-features >= 1");
    }
    for (String v : variants) {
      if (!SaeVariant.names().contains(v)) {
        throw new UsageException("--variants: '" + v + "' is not one of " + SaeVariant.names());
      }
    }
    variants = List.copyOf(variants);
  }

  /** Samples (images) per training batch. */
  int samplesPerBatch() {
    return tokensPerBatch / tokensPerSample;
  }

  /**
   * Parses {@code --key value} or {@code --key=value} arguments; null for {@code --help}. A bad
   * option or value is a {@link UsageException} naming it.
   */
  static BenchOptions parse(String[] args) {
    int dim = 768;
    int hidden = 3072;
    int tokensPerBatch = 4096;
    int tokensPerSample = 16;
    int steps = 50;
    int warmup = 3;
    List<String> variants = new ArrayList<>(SaeVariant.names());
    int intra = DEFAULT_INTRA_OP;
    int inter = DEFAULT_INTER_OP;
    Path out = Path.of("bench.json");
    Path workDir = Path.of("bench-work");
    int logRegSamples = 10_000;
    int logRegFeatures = 4096;
    boolean sweep = false;
    int sweepSteps = 10;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String key = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        key = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (key.equals("--thread-sweep")) {
        sweep = true;
        continue;
      }
      if (key.equals("--help") || key.equals("-h")) {
        return null;
      }
      if (!VALUE_OPTIONS.contains(key)) {
        throw new UsageException("unknown option '" + key + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        value = args[++i];
      }
      switch (key) {
        case "--dim" -> dim = intValue(key, value);
        case "--hidden" -> hidden = intValue(key, value);
        case "--tokens-per-batch" -> tokensPerBatch = intValue(key, value);
        case "--tokens-per-sample" -> tokensPerSample = intValue(key, value);
        case "--steps" -> steps = intValue(key, value);
        case "--warmup" -> warmup = intValue(key, value);
        case "--variants" -> variants = value.equals("all")
            ? new ArrayList<>(SaeVariant.names())
            : List.of(value.toLowerCase(Locale.ROOT).split(","));
        case "--threads" -> {
          String[] p = value.split("[,;]");
          intra = intValue(key, p[0].trim());
          inter = p.length > 1 ? intValue(key, p[1].trim()) : DEFAULT_INTER_OP;
        }
        case "--out" -> out = Path.of(value);
        case "--work-dir" -> workDir = Path.of(value);
        case "--logreg-samples" -> logRegSamples = intValue(key, value);
        case "--logreg-features" -> logRegFeatures = intValue(key, value);
        case "--sweep-steps" -> sweepSteps = intValue(key, value);
        case "--seed" -> seed = longValue(key, value);
        default -> throw new UsageException("unknown option '" + key + "'");
      }
    }
    return new BenchOptions(dim, hidden, tokensPerBatch, tokensPerSample, steps, warmup, variants, intra,
        inter, out, workDir, logRegSamples, logRegFeatures, sweep, sweepSteps, seed);
  }

  private static int intValue(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(key + " '" + value + "' is not an integer");
    }
  }

  private static long longValue(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException(key + " '" + value + "' is not an integer");
    }
  }
}
