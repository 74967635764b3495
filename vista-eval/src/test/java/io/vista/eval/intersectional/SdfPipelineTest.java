package io.vista.eval.intersectional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class SdfPipelineTest {
  @Test
  void entropyByHand() {
    // shares 3/4 and 1/4 -> H = -(3/4 ln 3/4 + 1/4 ln 1/4) = 0.5623351446188083 nats (eps 1e-9
    // moves it by ~1e-9)
    double h = SdfPipeline.labelEntropy(new double[] {2, 1, 1}, new int[] {5, 5, 9});
    assertEquals(0.5623351446188083, h, 1e-8);
    // activation weighting, not counts: one big activation of class 1 against three small of 0
    double w = SdfPipeline.labelEntropy(new double[] {9, 1, 1, 1}, new int[] {1, 0, 0, 0});
    double p = 0.75;
    assertEquals(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)), w, 1e-8);
    // a single label: -p ln(p + eps) with p = S / (S + eps) is about -eps (1 - 1/S): slightly
    // negative, and larger sums give lower entropy
    double pure = SdfPipeline.labelEntropy(new double[] {2, 2}, new int[] {3, 3});
    assertEquals(-1e-9 * (1 - 1 / 4.0), pure, 1e-15);
    // all-zero top activations: probabilities 0, entropy 0
    assertEquals(0.0, SdfPipeline.labelEntropy(new double[] {0, 0, 0}, new int[] {1, 2, 3}), 0.0);
    // uniform over four labels: ln 4
    assertEquals(Math.log(4), SdfPipeline.labelEntropy(new double[] {1, 1, 1, 1}, new int[] {0, 1, 2, 3}), 1e-8);
  }

  @Test
  void tinyExampleByHand() {
    // 6 samples, 3 features, classes 0 (rows 0-2) and 1 (rows 3-5).
    // feature 0 fires only in class 0; feature 1 fires everywhere; feature 2 only in class 1.
    float[] x = {
      3, 1, 0,
      2, 1, 0,
      1, 1, 0,
      0, 1, 4,
      0, 1, 5,
      0, 1, 6,
    };
    int[] labels = {0, 0, 0, 1, 1, 1};
    ActivationRows acts = ActivationRows.of(x, 6, 3);
    SdfResult r = SdfPipeline.run(acts, labels, new SdfParams(2, 2, 1, 3));
    SdfClassResult c0 = r.classes().get(0);
    // stage 1 class 0: frequencies (1, 1, 0); argsort ascending [2, 0, 1] -> top 2 reversed [1, 0]
    assertEquals(List.of(1, 0), c0.stage1Features());
    assertEquals(List.of(1.0, 1.0), c0.stage1Frequency());
    // stage 2 class 0: means (1, 2) -> [0, 1]
    assertEquals(List.of(0, 1), c0.stage2Features());
    assertEquals(List.of(2.0, 1.0), c0.stage2MeanActivation());
    // stage 3: feature 0's top-3 samples are all class 0 (entropy ~ -eps); feature 1 is flat
    // over all six samples, its top 3 mixes classes -> higher entropy
    assertEquals(List.of(0), c0.sdfs());
    SdfClassResult c1 = r.classes().get(1);
    assertEquals(List.of(2), c1.sdfs());
    SortedMap<Integer, ClassAlignment> align = SdfPipeline.alignment(acts, labels, r, 3);
    assertEquals(List.of(1.0), align.get(0).alignmentRates());
    assertEquals(1.0, align.get(1).meanAlignmentRate());
    // k_top above the sample count (VISTA's argpartition raises): all six samples are taken
    assertEquals(List.of(0.5), SdfPipeline.alignment(acts, labels, r, 10).get(0).alignmentRates());
  }

  @Test
  void stagesMatchVistaOnSmallCutoffs() {
    checkStages(IntersectionalFixtures.load("pipeline_small_k.json"));
  }

  @Test
  void stagesMatchVistaOnDefaultCutoffs() {
    checkStages(IntersectionalFixtures.load("pipeline_defaults.json"));
  }

  private static void checkStages(JsonObject fx) {
    int n = fx.get("n").getAsInt();
    int m = fx.get("m").getAsInt();
    ActivationRows acts = ActivationRows.of(IntersectionalFixtures.float32Base64(fx.get("acts_f32_base64")), n, m);
    JsonObject p = fx.getAsJsonObject("params");
    SdfParams params =
        new SdfParams(
            p.get("k1").getAsInt(), p.get("k2").getAsInt(), p.get("k3").getAsInt(),
            p.get("k_top").getAsInt());
    int checked = 0;
    for (String attr : List.of("age", "gender", "race")) {
      int[] labels = IntersectionalFixtures.ints(fx.getAsJsonObject("labels").get(attr));
      JsonObject expected = fx.getAsJsonObject("single_attribute").getAsJsonObject(attr);
      SdfResult r = SdfPipeline.run(acts, labels, params);
      checked += compareStages(attr, expected.getAsJsonObject("classes"), r);
      compareAlignment(attr, expected.getAsJsonObject("alignment"),
          SdfPipeline.alignment(acts, labels, r, params.kTop()));
    }
    int[] composite = IntersectionalFixtures.ints(fx.getAsJsonObject("composite").get("labels"));
    int valid = 0;
    for (int c : composite) {
      valid += c >= 0 ? 1 : 0;
    }
    int[] rows = new int[valid];
    int[] sub = new int[valid];
    for (int i = 0, k = 0; i < composite.length; i++) {
      if (composite[i] >= 0) {
        rows[k] = i;
        sub[k++] = composite[i];
      }
    }
    SdfResult r = SdfPipeline.run(acts.rows(rows), sub, params);
    checked += compareStages("composite", fx.getAsJsonObject("intersectional_stages"), r);
    assertTrue(checked > 20);
  }

  private static int compareStages(String what, JsonObject expected, SdfResult actual) {
    assertEquals(expected.keySet().size(), actual.classes().size(), what);
    for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
      String id = what + " class " + e.getKey();
      JsonObject c = e.getValue().getAsJsonObject();
      SdfClassResult r = actual.classes().get(Integer.parseInt(e.getKey()));
      assertEquals(IntersectionalFixtures.intList(c.get("stage1")), r.stage1Features(), id + " stage 1");
      assertEquals(doubleList(c.get("stage1_frequency")), r.stage1Frequency(), id);
      assertEquals(IntersectionalFixtures.intList(c.get("stage2")), r.stage2Features(), id + " stage 2");
      // float32 means: bit-identical to numpy's
      assertEquals(doubleList(c.get("stage2_mean_activation")), r.stage2MeanActivation(), id);
      assertEquals(IntersectionalFixtures.intList(c.get("stage3")), r.sdfs(), id + " stage 3");
      double[] ent = IntersectionalFixtures.doubles(c.get("stage3_entropy"));
      for (int q = 0; q < ent.length; q++) {
        assertEquals(ent[q], r.sdfEntropy().get(q), 1e-15 + 1e-12 * Math.abs(ent[q]), id);
      }
    }
    return expected.size();
  }

  static void compareAlignment(
      String what, JsonObject expected, SortedMap<Integer, ClassAlignment> actual) {
    assertEquals(expected.keySet().size(), actual.size(), what);
    for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
      JsonObject c = e.getValue().getAsJsonObject();
      ClassAlignment a = actual.get(Integer.parseInt(e.getKey()));
      assertEquals(IntersectionalFixtures.intList(c.get("feature_indices")), a.featureIndices(), what);
      assertEquals(doubleList(c.get("alignment_rates")), a.alignmentRates(), what);
      assertEquals(c.get("mean_alignment_rate").getAsDouble(), a.meanAlignmentRate(), 0.0, what);
    }
  }

  static List<Double> doubleList(JsonElement e) {
    return java.util.Arrays.stream(IntersectionalFixtures.doubles(e)).boxed().toList();
  }
}
