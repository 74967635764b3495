package io.vista.bench;

import io.vista.core.internal.io.AtomicFiles;
import io.vista.cli.CommandLine;
import io.vista.cli.UsageException;
import io.vista.eval.stats.StratifiedSplit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the logistic-regression ablation workload of {@link LogRegAblationBench} for
 * {@code tools/bench/sklearn_ablation.py}, which times scikit-learn on exactly the same fits:
 * {@code X.f32} (n x p float32, little-endian), {@code y_<attribute>.i32}, {@code
 * ranked_<attribute>.i32} (the features ranked by class-mean variance on the training split, as the
 * Java fits use them) and {@code meta.json}.
 *
 * <pre>
 *   java -cp vista-bench/target/vista-bench.jar io.vista.bench.LogRegAblationData DIR [n p seed]
 * </pre>
 */
public final class LogRegAblationData {
  private LogRegAblationData() {}

  private static final CommandLine CLI =
      CommandLine.of("LogRegAblationData").invokedAs("java -cp vista-bench.jar " + LogRegAblationData.class.getName());

  /** Entry point: {@code DIR [n p seed]} (defaults 10000 4096 42, the benchmark's). */
  public static void main(String[] args) {
    CLI.main(() -> write(args));
  }

  private static int write(String[] args) throws IOException {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("usage: " + CLI.invocation() + " DIR [n p seed]");
      return CommandLine.OK;
    }
    if (args.length != 1 && args.length != 4) {
      throw new UsageException("expected DIR [n p seed], got " + args.length + " arguments");
    }
    Path dir = Path.of(args[0]);
    int n;
    int p;
    long seed;
    try {
      n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
      p = args.length > 1 ? Integer.parseInt(args[2]) : 4096;
      seed = args.length > 1 ? Long.parseLong(args[3]) : 42;
    } catch (NumberFormatException e) {
      throw new UsageException("n, p and seed must be integers (" + e.getMessage() + ")");
    }
    Files.createDirectories(dir);
    LogRegAblationBench.Data data = LogRegAblationBench.data(n, p, seed);
    ByteBuffer xb = ByteBuffer.allocate(4 * data.x().length).order(ByteOrder.LITTLE_ENDIAN);
    xb.asFloatBuffer().put(data.x());
    writeBytes(dir.resolve("X.f32"), xb.array());
    StringBuilder classes = new StringBuilder();
    for (int a = 0; a < LogRegAblationBench.ATTRIBUTES.length; a++) {
      String name = LogRegAblationBench.ATTRIBUTES[a];
      int[] y = data.labels()[a];
      int k = LogRegAblationBench.PRIORS[a].length;
      StratifiedSplit.Split split = StratifiedSplit.trainTestSplit(y, 0.2, 42);
      float[] xTrain = StratifiedSplit.selectRows(data.x(), p, split.train());
      int[] ranked = LogRegAblationBench.rankByClassMeanVariance(xTrain, StratifiedSplit.select(y, split.train()),
          split.train().length, p, k);
      writeInts(dir.resolve("y_" + name + ".i32"), y);
      writeInts(dir.resolve("ranked_" + name + ".i32"), ranked);
      writeInts(dir.resolve("train_" + name + ".i32"), split.train());
      writeInts(dir.resolve("test_" + name + ".i32"), split.test());
      classes.append(a == 0 ? "" : ", ").append('"').append(name).append("\": ").append(k);
    }
    AtomicFiles.writeString(dir.resolve("meta.json"), "{\"n\": " + n + ", \"p\": " + p + ", \"seed\": " + seed
        + ", \"classes\": {" + classes + "}, \"ks\": [10, 20, 50, 100], \"C\": 0.1, \"max_iter\": 1000}\n");
    System.out.println("wrote " + dir.toAbsolutePath());
    return CommandLine.OK;
  }

  private static void writeInts(Path path, int[] v) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    writeBytes(path, b.array());
  }

  private static void writeBytes(Path path, byte[] bytes) {
    AtomicFiles.write(path, ch -> AtomicFiles.writeFully(ch, bytes));
  }
}
