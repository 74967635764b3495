package io.vista.eval.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.eval.EvalMainHarness;
import io.vista.eval.TestFiles;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole evaluate command on a tiny FairFace-like file and Python VISTA checkpoints of every variant, against
 * what the original evaluation.py wrote for the same inputs (tools/eval/make_e2e_fixtures.py).
 */
@Tag("slow")
class EvaluateEndToEndTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"vanilla", "topk", "batchtopk", "jumprelu"})
  void matchesEvaluationPy(String variant) throws IOException {
    Path h5 = TestFiles.copy("/e2e/ve.h5", tmp);
    Path ckpt = TestFiles.copy("/e2e/" + variant + ".ckpt", tmp);
    Path out = tmp.resolve("out");
    var o = EvalMainHarness.run("--checkpoint", ckpt.toString(), "--hdf5", h5.toString(), "--output-dir",
        out.toString(), "--batch-size", "32", "--ablation-ks", "2", "5", "100", "--quiet");
    assertEquals(0, o.status(), o.err());
    JsonObject java = JsonParser.parseString(Files.readString(out.resolve("evaluation_results.json")))
        .getAsJsonObject();
    JsonObject python;
    try (var r = new InputStreamReader(getClass().getResourceAsStream("/e2e/" + variant + ".evaluation.json"),
        StandardCharsets.UTF_8)) {
      python = JsonParser.parseReader(r).getAsJsonObject();
    }
    List<String> keys = new ArrayList<>(python.keySet());
    keys.add("metadata");
    assertEquals(keys, new ArrayList<>(java.keySet()));

    // Health: counts and the float32 L0 statistics agree exactly (same active sets).
    assertEquals(python.get("sae_health"), java.get("sae_health"));

    // Reconstruction: per-batch float32 (torch) vs double means.
    JsonObject pq = python.getAsJsonObject("reconstruction_quality");
    JsonObject jq = java.getAsJsonObject("reconstruction_quality");
    for (String k : pq.keySet()) {
      double a = pq.get(k).getAsDouble();
      assertEquals(a, jq.get(k).getAsDouble(), 1e-6 * Math.abs(a), k);
    }
    double r2 = jq.get("r_squared").getAsDouble();
    assertTrue(r2 > 0 && r2 < 1, "r_squared " + r2);

    // Alignment: same features in the same order; values to float32 rounding of TF vs torch activations.
    JsonObject pa = python.getAsJsonObject("feature_demographic_alignment");
    JsonObject ja = java.getAsJsonObject("feature_demographic_alignment");
    assertEquals(pa.keySet(), ja.keySet());
    for (String attr : pa.keySet()) {
      JsonObject p = pa.getAsJsonObject(attr);
      JsonObject j = ja.getAsJsonObject(attr);
      assertEquals(p.get("top_variant_features"), j.get("top_variant_features"), attr);
      assertClose(p.get("top_variant_scores"), j.get("top_variant_scores"), 1e-4, attr);
      assertClose(p.get("selectivity_mean"), j.get("selectivity_mean"), 1e-4, attr);
      assertClose(p.get("selectivity_max"), j.get("selectivity_max"), 1e-4, attr);
      assertClose(p.get("mean_per_class_top_features"), j.get("mean_per_class_top_features"), 1e-4, attr);
    }

    // Ablation and probe comparison: same split, same probes, same predictions -- identical blocks.
    assertEquals(python.get("ablation_study"), java.get("ablation_study"));
    assertEquals(python.get("probe_comparison"), java.get("probe_comparison"));

    JsonObject meta = java.getAsJsonObject("metadata");
    assertEquals(variant, meta.getAsJsonObject("checkpoint").get("variant").getAsString());
    assertEquals("lightning-ckpt", meta.getAsJsonObject("checkpoint").get("format").getAsString());
    assertEquals("validation", meta.get("split").getAsString());
    assertEquals("2 5 100", meta.getAsJsonObject("args").get("ablation_ks").getAsString());
  }

  private static void assertClose(JsonElement a, JsonElement b, double rel, String at) {
    if (a.isJsonArray()) {
      assertEquals(a.getAsJsonArray().size(), b.getAsJsonArray().size(), at);
      for (int i = 0; i < a.getAsJsonArray().size(); i++) {
        assertClose(a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), rel, at + "[" + i + "]");
      }
    } else if (a.isJsonObject()) {
      assertEquals(a.getAsJsonObject().keySet(), b.getAsJsonObject().keySet(), at);
      for (String k : a.getAsJsonObject().keySet()) {
        assertClose(a.getAsJsonObject().get(k), b.getAsJsonObject().get(k), rel, at + "." + k);
      }
    } else {
      double x = a.getAsDouble();
      double y = b.getAsDouble();
      assertEquals(x, y, rel * Math.max(Math.abs(x), 1e-6), at);
    }
  }
}
