package io.vista.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.internal.hdf5.ElementType;
import io.vista.core.internal.hdf5.Hdf5Writer;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on SAE-latent files laid out as the Python {@code src/setup_datasets/sae_latent_dataset.py}
 * writes them: the aggregated file ({@code /<split>/data/mean} and {@code /<split>/data/max}, (N, m)
 * float16) and the raw file ({@code /<split>/data}, (N, T, m) float16, mean-pooled by the probe).
 *
 * <p>The latents are synthetic SAE codes: non-negative and sparse, one feature per (task, class) that
 * fires often on tokens of images of that class and rarely otherwise, plus background features. The
 * labels are therefore readable but not perfectly so, and each task's probe must beat predicting the
 * training split's majority class by a wide margin.
 */
@Tag("slow")
class ProbeOnSaeLatentsTest {
  private static final String[] TASKS = {"age", "gender", "race"};
  private static final int[] CLASSES = {9, 2, 7};
  /** FairFace-like priors: a majority class exists, so the baseline is not 1/C. */
  private static final double[][] PRIORS = {
    {0.02, 0.12, 0.11, 0.30, 0.22, 0.12, 0.07, 0.03, 0.01},
    {0.47, 0.53},
    {0.19, 0.14, 0.15, 0.14, 0.12, 0.14, 0.12},
  };
  private static final int TRAIN = 2048;
  private static final int VAL = 512;
  private static final int TOKENS = 4;
  /** 18 label features (9 + 2 + 7), then background features. */
  private static final int M = 48;
  private static final int LABEL_FEATURES = 18;
  private static final double HIT_RATE = 0.6;
  private static final double STRAY_RATE = 0.08;
  private static final double BACKGROUND_RATE = 0.1;

  @TempDir static Path dir;
  private static Path aggregated;
  private static Path raw;
  private static Labels trainLabels;
  private static Labels valLabels;

  /** Labels of one split, per task. */
  private record Labels(long[][] byTask) {}

  @BeforeAll
  static void writeFiles() {
    SplittableRandom rnd = new SplittableRandom(2024);
    aggregated = dir.resolve("agg_sae_latent.h5");
    raw = dir.resolve("sae_latent.h5");
    try (Hdf5Writer agg = Hdf5Writer.create(aggregated); Hdf5Writer tok = Hdf5Writer.create(raw)) {
      trainLabels = writeSplit(agg, tok, "training", TRAIN, 0, rnd);
      valLabels = writeSplit(agg, tok, "validation", VAL, TRAIN, rnd);
      agg.commit();
      tok.commit();
    }
  }

  /** Draws one split, writes it to both files, and returns its labels. */
  private static Labels writeSplit(Hdf5Writer agg, Hdf5Writer tok, String split, int n, long firstIndex,
                                   SplittableRandom rnd) {
    long[][] labels = new long[TASKS.length][n];
    float[] tokens = new float[n * TOKENS * M];
    float[] mean = new float[n * M];
    float[] max = new float[n * M];
    long[] indices = new long[n];
    for (int s = 0; s < n; s++) {
      int[] own = new int[TASKS.length];
      for (int t = 0; t < TASKS.length; t++) {
        labels[t][s] = categorical(PRIORS[t], rnd);
        own[t] = firstFeature(t) + (int) labels[t][s];
      }
      for (int k = 0; k < TOKENS; k++) {
        int row = (s * TOKENS + k) * M;
        for (int f = 0; f < M; f++) {
          double rate = f >= LABEL_FEATURES ? BACKGROUND_RATE : isOwn(f, own) ? HIT_RATE : STRAY_RATE;
          // SAE codes: zero unless the feature fires, then a positive magnitude.
          tokens[row + f] = rnd.nextDouble() < rate ? (float) (0.5 - 0.5 * Math.log(1 - rnd.nextDouble())) : 0f;
        }
      }
      // Aggregated as the Python does: float32 mean and max over tokens, stored as float16.
      for (int f = 0; f < M; f++) {
        float sum = 0f;
        float best = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < TOKENS; k++) {
          float v = tokens[(s * TOKENS + k) * M + f];
          sum += v;
          best = Math.max(best, v);
        }
        mean[s * M + f] = sum / TOKENS;
        max[s * M + f] = best;
      }
      indices[s] = firstIndex + s;
    }
    int rows = Math.min(128, n);
    agg.writeFloats("/" + split + "/data/mean", mean, new long[] {n, M}, ElementType.FLOAT16,
        new int[] {Math.min(512, n), M}, Hdf5Writer.ZSTD_LEVEL);
    agg.writeFloats("/" + split + "/data/max", max, new long[] {n, M}, ElementType.FLOAT16,
        new int[] {Math.min(512, n), M}, Hdf5Writer.ZSTD_LEVEL);
    tok.writeFloats("/" + split + "/data", tokens, new long[] {n, TOKENS, M}, ElementType.FLOAT16,
        new int[] {rows, TOKENS, M}, Hdf5Writer.ZSTD_LEVEL);
    for (Hdf5Writer w : new Hdf5Writer[] {agg, tok}) {
      for (int t = 0; t < TASKS.length; t++) {
        w.writeLongs("/" + split + "/labels/" + TASKS[t], labels[t], null, Hdf5Writer.ZSTD_LEVEL);
      }
      w.writeLongs("/" + split + "/original_indices", indices, null, Hdf5Writer.ZSTD_LEVEL);
    }
    return new Labels(labels);
  }

  private static int firstFeature(int task) {
    int f = 0;
    for (int t = 0; t < task; t++) {
      f += CLASSES[t];
    }
    return f;
  }

  private static boolean isOwn(int feature, int[] own) {
    for (int f : own) {
      if (f == feature) {
        return true;
      }
    }
    return false;
  }

  private static int categorical(double[] p, SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double c = 0;
    for (int i = 0; i < p.length; i++) {
      c += p[i];
      if (u < c) {
        return i;
      }
    }
    return p.length - 1;
  }

  /** Accuracy on validation of always predicting the training split's most frequent class. */
  private static double majorityBaseline(int task) {
    long[] counts = new long[CLASSES[task]];
    for (long y : trainLabels.byTask()[task]) {
      counts[(int) y]++;
    }
    int best = 0;
    for (int c = 1; c < counts.length; c++) {
      if (counts[c] > counts[best]) {
        best = c;
      }
    }
    long hits = 0;
    for (long y : valLabels.byTask()[task]) {
      hits += y == best ? 1 : 0;
    }
    return hits / (double) VAL;
  }

  private static CliRunner.Outcome probe(Path file, Path run, String featureKey, String... extra) {
    List<String> a = new ArrayList<>(List.of(
        "module=probe", "model=linear_probe", "data=fairface_labels",
        "data.hdf5_path=" + file, "data.feature_key=" + featureKey, "model.input_size=" + M,
        "hydra.run.dir=" + run, "data.batch_size=128", "module.learning_rate=1e-2", "trainer.max_epochs=15",
        "trainer.precision=32", "logging.quiet=true", "logging.tensorboard=false"));
    a.addAll(List.of(extra));
    return CliRunner.run(a.toArray(String[]::new));
  }

  /** Trains on one feature dataset and checks every task beats the majority baseline by 0.2. */
  private static void assertProbeLearns(Path file, String featureKey, Path run) throws Exception {
    CliRunner.Outcome o = probe(file, run, featureKey);
    assertEquals(0, o.exitCode(), featureKey + ": " + o.err());
    Map<String, Double> val = SaeTrainingIntegrationTest.lastValidation(run.resolve("metrics.csv"));
    JsonObject report = JsonParser.parseString(Files.readString(run.resolve("probe_report.json"))).getAsJsonObject();
    for (int t = 0; t < TASKS.length; t++) {
      double majority = majorityBaseline(t);
      double acc = val.get("val/" + TASKS[t] + "_acc");
      assertTrue(acc >= majority + 0.2,
          featureKey + " " + TASKS[t] + ": accuracy " + acc + " vs majority baseline " + majority);
      assertEquals(acc, report.getAsJsonObject(TASKS[t]).get("accuracy").getAsDouble(), 1e-12);
      assertEquals(CLASSES[t], report.getAsJsonObject(TASKS[t]).getAsJsonArray("confusion_matrix").size());
    }
    Checkpoint last = CheckpointStore.read(run.resolve("last"));
    assertArrayEquals(new long[] {9, M}, last.weights().get("age_classifier.weight").shape());
    assertEquals(M, last.cfg().get("input_dim").getAsInt());
  }

  @Test
  void probesAggregatedMeanLatents() throws Exception {
    assertProbeLearns(aggregated, "data/mean", dir.resolve("run-mean"));
  }

  @Test
  void probesAggregatedMaxLatents() throws Exception {
    assertProbeLearns(aggregated, "data/max", dir.resolve("run-max"));
  }

  @Test
  void meanPoolsRawTokenLatents() throws Exception {
    assertProbeLearns(raw, "data", dir.resolve("run-raw"));
  }

  @Test
  void widthMismatchNamesTheDataset() {
    CliRunner.Outcome o = probe(aggregated, dir.resolve("run-bad"), "data/mean", "model.input_size=" + (M + 1));
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("/training/data/mean") && o.err().contains(String.valueOf(M)), o.err());
  }

  @Test
  void missingFeatureKeyNamesTheFile() {
    CliRunner.Outcome o = probe(aggregated, dir.resolve("run-missing"), "data/median");
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("data/median") && o.err().contains(aggregated.getFileName().toString()), o.err());
  }
}
