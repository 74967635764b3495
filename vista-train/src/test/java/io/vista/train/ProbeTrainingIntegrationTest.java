package io.vista.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.data.LatentFile;
import io.vista.core.data.LatentSplit;
import io.vista.core.data.demo.DemoGenerator;
import io.vista.core.data.demo.DemoSpec;
import io.vista.core.internal.io.Checkpoint;
import io.vista.core.internal.io.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe on the demo data: beats the majority-class baseline on every task, writes its report. */
class ProbeTrainingIntegrationTest {
  @Test
  void probeBeatsMajorityBaselineOnEveryTask(@TempDir Path dir) throws Exception {
    Path demo = dir.resolve("demo.h5");
    CliRunner.Outcome o = CliRunner.run("+experiment=demo_probe", "trainer.max_epochs=3",
        "hydra.run.dir=" + dir.resolve("run"), "data.demo.path=" + demo,
        "data.demo.train_samples=2048", "data.demo.validation_samples=512",
        "logging.quiet=true", "logging.tensorboard=false");
    assertEquals(0, o.exitCode(), o.err());
    Map<String, Double> val = SaeTrainingIntegrationTest.lastValidation(dir.resolve("run/metrics.csv"));
    try (LatentFile f = LatentFile.open(demo)) {
      LatentSplit v = f.split("validation", "encoded");
      for (String task : new String[] {"age", "gender", "race"}) {
        double majority = majorityRate(v.labels(task));
        double acc = val.get("val/" + task + "_acc");
        // The demo plants attribute atoms, so pooled latents must carry the labels well above chance.
        assertTrue(acc >= majority + 0.2, task + ": accuracy " + acc + " vs majority " + majority);
      }
    }
    JsonObject report = JsonParser.parseString(Files.readString(dir.resolve("run/probe_report.json"))).getAsJsonObject();
    assertEquals(9, report.getAsJsonObject("age").getAsJsonArray("confusion_matrix").size());
    assertEquals("Female", report.getAsJsonObject("gender").getAsJsonArray("class_names").get(1).getAsString());
    assertTrue(report.getAsJsonObject("race").getAsJsonObject("per_class").has("Latino_Hispanic"));
    Checkpoint best = CheckpointStore.read(dir.resolve("run/best"));
    assertEquals(Arrays.toString(new long[] {9, 128}), Arrays.toString(best.weights().get("age_classifier.weight").shape()));
    assertEquals(Arrays.toString(new long[] {7}), Arrays.toString(best.weights().get("race_classifier.bias").shape()));
  }

  @Test
  void classCountMismatchIsAnError(@TempDir Path dir) {
    CliRunner.Outcome o = CliRunner.run("+experiment=demo_probe", "trainer.max_epochs=1",
        "hydra.run.dir=" + dir.resolve("run"), "data.demo.path=" + dir.resolve("demo.h5"),
        "data.demo.train_samples=512", "data.demo.validation_samples=128",
        "model.age_classes=5", "logging.quiet=true");
    assertEquals(1, o.exitCode());
    assertTrue(o.err().contains("age") && o.err().contains("age_classes=5"), o.err());
  }

  /**
   * A file whose validation split has no samples (as the Python extraction leaves a split without
   * data): training runs, the validation metrics are NaN (accuracy of no predictions is undefined)
   * and no report is written. The run used to abort after its first epoch with
   * "y_true and y_pred are empty".
   */
  @Test
  void emptyValidationSplitGivesNaNMetricsInsteadOfAborting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("noval.h5");
    DemoGenerator.generate(new DemoSpec(256, 0, 2, 16, 64, 4, 0.05, 3, false, 1.0), file);
    CliRunner.Outcome o = CliRunner.run("module=probe", "model=linear_probe", "data=fairface_labels",
        "data.hdf5_path=" + file, "model.input_size=16", "trainer.max_epochs=2", "data.batch_size=64",
        "hydra.run.dir=" + dir.resolve("run"), "logging.progress=false", "logging.tensorboard=false");
    assertEquals(0, o.exitCode(), o.err());
    assertTrue((o.out() + o.err()).contains("/validation/encoded has 0 samples"), o.out() + o.err());
    List<String> csv = Files.readAllLines(dir.resolve("run/metrics.csv"));
    List<String> header = Arrays.asList(csv.get(0).split(",", -1));
    String[] last = csv.get(csv.size() - 1).split(",", -1);
    assertEquals("1", last[header.indexOf("epoch")]);
    for (String task : new String[] {"age", "gender", "race"}) {
      assertEquals("NaN", last[header.indexOf("val/" + task + "_acc")], task);
    }
    assertFalse(Files.exists(dir.resolve("run/probe_report.json")));
    assertEquals(16, CheckpointStore.read(dir.resolve("run/last")).cfg().get("input_dim").getAsInt());
  }

  private static double majorityRate(long[] y) {
    Map<Long, Long> counts = new java.util.HashMap<>();
    for (long v : y) {
      counts.merge(v, 1L, Long::sum);
    }
    return counts.values().stream().mapToLong(Long::longValue).max().orElse(0) / (double) y.length;
  }
}
