package io.vista.eval.stats;

import io.vista.core.classification.ClassificationMetrics;
import io.vista.core.classification.ClassificationReport;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark main (not a test): fits the problem written by {@code tools/stats/crosscheck_logreg.py} and prints
 * seconds, iterations, accuracy and the agreement with scikit-learn's split, coefficients and predictions.
 *
 * <p>Usage: {@code LogRegBenchmark DIR [MODE...]} with modes among {@code dense-float64 sparse-float64
 * dense-float32 sparse-float32 auto-float64} (default: all).
 */
public final class LogRegBenchmark {
  private LogRegBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/vista-logreg-crosscheck");
    java.util.List<String> modes = args.length > 1
        ? java.util.List.of(args).subList(1, args.length)
        : java.util.List.of("auto-float64", "dense-float64", "sparse-float64", "dense-float32", "sparse-float32");
    JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve("meta.json"))).getAsJsonObject();
    int n = meta.get("n").getAsInt();
    int d = meta.get("d").getAsInt();
    int k = meta.get("num_classes").getAsInt();
    float[] x = readFloats(dir.resolve("X.f32"), n * d);
    int[] y = readInts(dir.resolve("y.i32"), n);
    double[] skCoef = readDoubles(dir.resolve("coef.f64"), k * d);
    double[] skIntercept = readDoubles(dir.resolve("intercept.f64"), k);

    long t0 = System.nanoTime();
    StratifiedSplit.Split split = StratifiedSplit.trainTestSplit(y, 0.2, 42);
    double splitSeconds = (System.nanoTime() - t0) / 1e9;
    boolean sameSplit = java.util.Arrays.equals(split.train(), ints(meta.getAsJsonArray("train")))
        && java.util.Arrays.equals(split.test(), ints(meta.getAsJsonArray("test")));
    System.out.printf("split: %.3f s, identical to sklearn: %s%n", splitSeconds, sameSplit);

    float[] xTrain = StratifiedSplit.selectRows(x, d, split.train());
    float[] xTest = StratifiedSplit.selectRows(x, d, split.test());
    int[] yTrain = StratifiedSplit.select(y, split.train());
    int[] yTest = StratifiedSplit.select(y, split.test());
    int[] skPred = ints(meta.getAsJsonArray("sklearn_predictions"));
    System.out.printf("sklearn: fit seconds %s, n_iter %d, test accuracy %.6f%n",
        meta.get("sklearn_seconds"), meta.get("sklearn_n_iter").getAsInt(), meta.get("sklearn_accuracy").getAsDouble());

    for (String mode : modes) {
      LogRegOptions.Layout layout = LogRegOptions.Layout.valueOf(mode.substring(0, mode.indexOf('-')).toUpperCase());
      LogRegOptions opts = new LogRegOptions(meta.get("C").getAsDouble(), meta.get("max_iter").getAsInt(), 1e-4,
          LogRegOptions.MultiClass.AUTO, mode.endsWith("float32"), layout);
      long start = System.nanoTime();
      LogRegModel model = LogisticRegression.fit(xTrain, split.train().length, d, yTrain, k, opts, null);
      double seconds = (System.nanoTime() - start) / 1e9;
      int[] pred = model.predict(xTest, split.test().length);
      double acc = ClassificationMetrics.accuracy(yTest, pred);
      int agree = 0;
      for (int i = 0; i < pred.length; i++) {
        agree += pred[i] == skPred[i] ? 1 : 0;
      }
      double[][] coef = model.coef();
      double[] b = model.intercept();
      double diff = 0;
      double scale = 0;
      for (int r = 0; r < k; r++) {
        for (int j = 0; j < d; j++) {
          diff = Math.max(diff, Math.abs(coef[r][j] - skCoef[r * d + j]));
          scale = Math.max(scale, Math.abs(skCoef[r * d + j]));
        }
        diff = Math.max(diff, Math.abs(b[r] - skIntercept[r]));
      }
      System.out.printf("java %s: fit %.2f s, iterations %d, %s, loss %.10g, test accuracy %.6f, "
              + "predictions equal to sklearn %d/%d, max |coef diff| / max |coef| = %.3g%n",
          mode, seconds, model.iterations(), model.stopReason(), model.loss(), acc, agree, pred.length,
          diff / scale);
    }
  }

  private static int[] ints(JsonArray a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }

  private static ByteBuffer read(Path p, long bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.capacity() != bytes) {
      throw new IOException(p + ": " + b.capacity() + " bytes, expected " + bytes);
    }
    return b;
  }

  private static float[] readFloats(Path p, int count) throws IOException {
    float[] out = new float[count];
    read(p, 4L * count).asFloatBuffer().get(out);
    return out;
  }

  private static int[] readInts(Path p, int count) throws IOException {
    int[] out = new int[count];
    read(p, 4L * count).asIntBuffer().get(out);
    return out;
  }

  private static double[] readDoubles(Path p, int count) throws IOException {
    double[] out = new double[count];
    read(p, 8L * count).asDoubleBuffer().get(out);
    return out;
  }
}
