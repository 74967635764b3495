package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vista.core.VistaException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole analysis against VISTA's main() flow run on the same data (pipeline_*.json): every
 * section of intersectional_results.json, compared through the JSON Java writes.
 */
class IntersectionalAnalysisTest {
  @Test
  void reproducesVistaOnSmallCutoffs() {
    compare(IntersectionalFixtures.load("pipeline_small_k.json"));
  }

  @Test
  void reproducesVistaOnDefaultCutoffs() {
    compare(IntersectionalFixtures.load("pipeline_defaults.json"));
  }

  private static void compare(JsonObject fx) {
    JsonObject l = fx.getAsJsonObject("labels");
    JsonObject p = fx.getAsJsonObject("params");
    IntersectionalOptions opts =
        IntersectionalOptions.DEFAULTS
            .withMinSubgroupSize(p.get("min_subgroup_size").getAsInt())
            .withSdf(
                p.get("k1").getAsInt(), p.get("k2").getAsInt(), p.get("k3").getAsInt(),
                p.get("k_top").getAsInt());
    IntersectionalResult r =
        IntersectionalAnalysis.run(
            IntersectionalFixtures.float32Base64(fx.get("acts_f32_base64")),
            fx.get("n").getAsInt(),
            fx.get("m").getAsInt(),
            IntersectionalFixtures.ints(l.get("age")),
            IntersectionalFixtures.ints(l.get("gender")),
            IntersectionalFixtures.ints(l.get("race")),
            opts);
    JsonObject actual = JsonParser.parseString(r.toJson()).getAsJsonObject();
    JsonObject expected = fx.getAsJsonObject("expected_output");

    // Exact sections: ids, names, rates (ratios of small counts), counts.
    for (String key :
        new String[] {"intersectional_sdfs", "class_mapping", "class_names", "comparison"}) {
      assertEquals(expected.get(key), actual.get(key), key);
    }
    // Java adds keys to these two (alpha, min_effect_size, mi_bins; n_empty_cells)
    for (String key : new String[] {"params", "anova_summary"}) {
      assertEquals(expected.getAsJsonObject(key),
          subset(actual.getAsJsonObject(key), expected.getAsJsonObject(key)), key);
    }
    SdfPipelineTest.compareAlignment(
        "intersectional", expected.getAsJsonObject("intersectional_alignment"),
        r.intersectionalAlignment());

    // ANOVA verdicts: same classification, p-values within 1e-6 relative of statsmodels.
    var expAnova = expected.getAsJsonArray("anova_interaction");
    var actAnova = actual.getAsJsonArray("anova_interaction");
    assertEquals(expAnova.size(), actAnova.size());
    for (int i = 0; i < expAnova.size(); i++) {
      JsonObject e = expAnova.get(i).getAsJsonObject();
      JsonObject a = actAnova.get(i).getAsJsonObject();
      assertEquals(e.get("feature_index"), a.get("feature_index"));
      assertEquals(e.get("classification"), a.get("classification"), "feature " + e.get("feature_index"));
      for (Map.Entry<String, JsonElement> t : e.getAsJsonObject("interactions").entrySet()) {
        JsonObject et = t.getValue().getAsJsonObject();
        JsonObject at = a.getAsJsonObject("interactions").getAsJsonObject(t.getKey());
        for (String k : new String[] {"p_value", "p_corrected", "partial_eta_squared"}) {
          assertTrue(IntersectionalFixtures.closeRel(IntersectionalFixtures.num(et.get(k)), IntersectionalFixtures.num(at.get(k)), 1e-6),
              e.get("feature_index") + " " + t.getKey() + " " + k + ": " + et.get(k) + " vs " + at.get(k));
        }
        assertEquals(et.get("significant"), at.get("significant"));
      }
    }
    // Full tables against statsmodels' anova_lm(typ=2).
    for (InteractionTest t : r.interactionEffects()) {
      JsonObject sm = fx.getAsJsonObject("statsmodels_tables").getAsJsonObject(Integer.toString(t.featureIndex()));
      AnovaTest.assertTable("feature " + t.featureIndex(), sm, t.table(), 1e-6);
    }

    // MI decomposition within 1e-9 of VISTA's.
    var expMi = expected.getAsJsonArray("mi_decomposition");
    var actMi = actual.getAsJsonArray("mi_decomposition");
    assertEquals(expMi.size(), actMi.size());
    for (int i = 0; i < expMi.size(); i++) {
      JsonObject e = expMi.get(i).getAsJsonObject();
      JsonObject a = actMi.get(i).getAsJsonObject();
      assertEquals(e.get("feature_index"), a.get("feature_index"));
      assertEquals(e.getAsJsonObject("mi").keySet(), a.getAsJsonObject("mi").keySet());
      for (String k : e.getAsJsonObject("mi").keySet()) {
        assertEquals(e.getAsJsonObject("mi").get(k).getAsDouble(), a.getAsJsonObject("mi").get(k).getAsDouble(), 1e-9, k);
      }
      for (String k : new String[] {"max_single_mi", "triple_mi", "synergy_estimate"}) {
        assertEquals(e.get(k).getAsDouble(), a.get(k).getAsDouble(), 1e-9, k);
      }
    }
    JsonObject es = expected.getAsJsonObject("mi_summary");
    JsonObject as = actual.getAsJsonObject("mi_summary");
    assertEquals(es.get("n_features"), as.get("n_features"));
    assertEquals(es.get("n_synergistic_gt_001"), as.get("n_synergistic_gt_001"));
    assertEquals(es.get("mean_synergy").getAsDouble(), as.get("mean_synergy").getAsDouble(), 1e-9);
    assertEquals(es.get("max_synergy").getAsDouble(), as.get("max_synergy").getAsDouble(), 1e-9);

    // Sections VISTA does not write are consistent with the ones it does.
    JsonObject sub = actual.getAsJsonObject("subgroups");
    assertEquals(r.composite().subgroups().size(), sub.getAsJsonArray("classes").size());
    assertEquals(fx.get("n").getAsInt(), sub.get("n_valid").getAsInt() + sub.get("n_excluded").getAsInt());
    assertEquals(0, actual.getAsJsonObject("anova_summary").get("n_empty_cells").getAsInt());
  }

  private static JsonObject subset(JsonObject actual, JsonObject keys) {
    JsonObject out = new JsonObject();
    for (String k : keys.keySet()) {
      out.add(k, actual.get(k));
    }
    return out;
  }

  @Test
  void skipsAndEmptyResultsLeaveSectionsOutAsVista() {
    // 40 samples, no subgroup reaches 30: no intersectional SDF, so no ANOVA / MI section.
    int n = 40;
    int m = 4;
    float[] x = new float[n * m];
    int[] age = new int[n];
    int[] gender = new int[n];
    int[] race = new int[n];
    for (int i = 0; i < n; i++) {
      age[i] = i % 3;
      gender[i] = (i / 3) % 2;
      race[i] = i % 5;
      for (int j = 0; j < m; j++) {
        x[i * m + j] = (i * 7 + j * 3) % 5;
      }
    }
    IntersectionalResult r =
        IntersectionalAnalysis.run(x, n, m, age, gender, race, IntersectionalOptions.DEFAULTS);
    assertTrue(r.intersectionalSdfs().classes().isEmpty());
    assertNull(r.interactionEffects());
    assertNull(r.informationDecomposition());
    JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
    assertFalse(json.has("anova_interaction"));
    assertFalse(json.has("mi_decomposition"));
    assertEquals(3, json.getAsJsonObject("single_attribute_sdfs").size());

    IntersectionalResult skipped =
        IntersectionalAnalysis.run(
            x, n, m, age, gender, race,
            IntersectionalOptions.DEFAULTS.withMinSubgroupSize(1).withSkips(true, true));
    assertFalse(skipped.intersectionalFeatures().isEmpty());
    assertNull(skipped.interactionEffects());
    assertNull(skipped.informationDecomposition());
    JsonObject meta =
        JsonParser.parseString(skipped.toJson(Map.of("tool", "vista-java"))).getAsJsonObject();
    assertEquals("vista-java", meta.getAsJsonObject("_metadata").get("tool").getAsString());
  }

  @Test
  void badInputsAreRefusedWithTheValueAtFault() {
    float[] x = {1, 2, 3, 4};
    int[] ok = {0, 1};
    VistaException len =
        assertThrows(VistaException.class,
            () -> IntersectionalAnalysis.run(x, 2, 2, new int[] {0}, ok, ok, IntersectionalOptions.DEFAULTS));
    assertTrue(len.getMessage().contains("age"), len.getMessage());
    VistaException neg =
        assertThrows(VistaException.class,
            () -> IntersectionalAnalysis.run(x, 2, 2, ok, new int[] {0, -1}, ok, IntersectionalOptions.DEFAULTS));
    assertTrue(neg.getMessage().contains("gender") && neg.getMessage().contains("-1"), neg.getMessage());
    VistaException nan =
        assertThrows(VistaException.class,
            () -> IntersectionalAnalysis.run(new float[] {1, Float.NaN, 3, 4}, 2, 2, ok, ok, ok,
                IntersectionalOptions.DEFAULTS));
    assertTrue(nan.getMessage().contains("feature 1"), nan.getMessage());
    assertThrows(VistaException.class, () -> new SdfParams(0, 1, 1, 1));
  }
}
