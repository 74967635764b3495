package io.vista.core.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.vista.core.CheckpointException;
import io.vista.core.Provenance;
import io.vista.core.internal.io.CheckpointStore;
import io.vista.core.internal.io.NamedTensor;
import io.vista.core.internal.io.SafeTensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProbeModel}: predictions against plain-Java softmax, the checkpoint layout, earlier layouts. */
class ProbeModelTest {
  @TempDir Path tmp;

  private static final ProbeSpec SPEC = ProbeSpec.fairFace(6, 9, 2, 7, 1e-3);

  private static ProbeModel probe(List<String> trained) {
    return ProbeModel.of(SPEC, trained, ProbeWeights.initialize(SPEC, 4), Provenance.inMemory());
  }

  @Test
  void predictionsAreTheSoftmaxAndArgmaxOfTheLinearHeads() {
    SplittableRandom rng = new SplittableRandom(2);
    float[][] x = new float[10][6];
    for (float[] r : x) {
      for (int i = 0; i < 6; i++) {
        r[i] = (float) rng.nextGaussian();
      }
    }
    try (ProbeModel p = probe(List.of("age", "race"))) {
      ProbeModel.Prediction pred = p.predict(x);
      assertEquals(List.of("age", "race"), List.copyOf(pred.classes().keySet()));
      Map<String, float[]> w = p.weights();
      for (String task : List.of("age", "race")) {
        int c = SPEC.taskClasses().get(task);
        float[] wt = w.get(task + "_classifier.weight");
        float[] b = w.get(task + "_classifier.bias");
        for (int i = 0; i < x.length; i++) {
          double[] logits = new double[c];
          double max = Double.NEGATIVE_INFINITY;
          int best = 0;
          for (int k = 0; k < c; k++) {
            double s = b[k];
            for (int j = 0; j < 6; j++) {
              s += (double) x[i][j] * wt[k * 6 + j];
            }
            logits[k] = s;
            if (s > max) {
              max = s;
              best = k;
            }
          }
          double z = 0;
          for (double l : logits) {
            z += Math.exp(l - max);
          }
          assertEquals(best, pred.classes().get(task)[i], task + " row " + i);
          for (int k = 0; k < c; k++) {
            assertEquals(Math.exp(logits[k] - max) / z, pred.probabilities().get(task)[i][k], 1e-6);
          }
        }
      }
    }
  }

  @Test
  void aPythonVistaProbeCheckpointPredictsAsTorch() throws java.io.IOException {
    // tools/checkpoints/make_probe_ckpt_fixture.py: the original LinearProbe, torch's argmax and softmax
    Path ckpt = tmp.resolve("lightning_probe.ckpt");
    try (var in = ProbeModelTest.class.getResourceAsStream("/checkpoints/lightning_probe.ckpt")) {
      java.nio.file.Files.copy(in, ckpt);
    }
    JsonObject expected;
    try (var r = new java.io.InputStreamReader(
        ProbeModelTest.class.getResourceAsStream("/checkpoints/lightning_probe.expected.json"),
        java.nio.charset.StandardCharsets.UTF_8)) {
      expected = com.google.gson.JsonParser.parseReader(r).getAsJsonObject();
    }
    var rowsJson = expected.getAsJsonArray("rows");
    float[][] x = new float[rowsJson.size()][];
    for (int i = 0; i < x.length; i++) {
      var row = rowsJson.get(i).getAsJsonArray();
      x[i] = new float[row.size()];
      for (int j = 0; j < x[i].length; j++) {
        x[i][j] = row.get(j).getAsFloat();
      }
    }
    assertTrue(ProbeModel.isProbeCheckpoint(ckpt));
    try (ProbeModel p = ProbeModel.load(ckpt)) {
      assertEquals(Provenance.Format.LIGHTNING_CKPT, p.provenance().format());
      assertEquals(SPEC, p.spec());
      ProbeModel.Prediction pred = p.predict(x);
      for (String task : ProbeSpec.TASKS) {
        var cls = expected.getAsJsonObject("classes").getAsJsonArray(task);
        var probs = expected.getAsJsonObject("probabilities").getAsJsonArray(task);
        for (int i = 0; i < x.length; i++) {
          assertEquals(cls.get(i).getAsInt(), pred.classes().get(task)[i], task + " row " + i);
          var pr = probs.get(i).getAsJsonArray();
          for (int k = 0; k < pr.size(); k++) {
            assertEquals(pr.get(k).getAsDouble(), pred.probabilities().get(task)[i][k], 1e-6, task);
          }
        }
      }
    }
  }

  @Test
  void savesUnderThePythonParameterNamesAndLoadsBack() {
    Path dir = tmp.resolve("probe");
    try (ProbeModel p = probe(List.of("gender"))) {
      p.save(dir);
      Map<String, NamedTensor> file = SafeTensors.read(dir.resolve(CheckpointStore.PROBE_WEIGHTS_FILE));
      assertEquals(List.of("age_classifier.weight", "age_classifier.bias", "gender_classifier.weight",
          "gender_classifier.bias", "race_classifier.weight", "race_classifier.bias"), List.copyOf(file.keySet()));
      assertArrayEquals(new long[] {2, 6}, file.get("gender_classifier.weight").shape());
      try (ProbeModel back = ProbeModel.load(dir)) {
        assertEquals(SPEC, back.spec());
        assertEquals(List.of("gender"), back.trainedTasks());
        p.weights().forEach((k, v) -> assertArrayEquals(v, back.weights().get(k), k));
      }
    }
  }

  @Test
  void readsTheEarlierLayoutAndNamesWhatIsMissing() {
    Map<String, float[]> w = ProbeWeights.initialize(SPEC, 1);
    Map<String, NamedTensor> legacy = new LinkedHashMap<>();
    for (String task : ProbeSpec.TASKS) {
      int c = SPEC.taskClasses().get(task);
      legacy.put(task + ".weight", NamedTensor.ofFloats(new long[] {c, 6}, w.get(ProbeWeights.weightName(task))));
      legacy.put(task + ".bias", NamedTensor.ofFloats(new long[] {c}, w.get(ProbeWeights.biasName(task))));
    }
    JsonObject cfg = new JsonObject();
    cfg.addProperty("architecture", "linear_probe");
    cfg.addProperty("input_dim", 6);
    cfg.addProperty("age_classes", 9);
    cfg.addProperty("gender_classes", 2);
    cfg.addProperty("race_classes", 7);
    Path old = tmp.resolve("old");
    CheckpointStore.write(old, cfg, legacy, null, null);
    try (ProbeModel p = ProbeModel.load(old)) {
      assertArrayEquals(w.get("race_classifier.bias"), p.weights().get("race_classifier.bias"));
    }
    legacy.remove("race.bias");
    Path broken = tmp.resolve("broken");
    CheckpointStore.write(broken, cfg, legacy, null, null);
    String m = assertThrows(CheckpointException.class, () -> ProbeModel.load(broken)).getMessage();
    assertTrue(m.contains("race_classifier.bias") && m.contains("broken"), m);
  }
}
